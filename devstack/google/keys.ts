// API keys and their quotas, as Google Maps Platform checks them before any work: no key, an unknown key, a key
// not allowed to call this API, or a key over its per-minute quota are refused (each API says so in its own
// shape, see errors.ts). Counts are per key and per minute, in memory: a stand-in for one developer or one test run.

/** What the stand-in lets a key do. Every key not listed is "not valid" (Google: API_KEY_INVALID). */
export type TKeyPolicy = {
  /** Requests a minute across all Google endpoints; absent = no limit; 0 = every request over quota. */
  requestsPerMinute?: number;
  /** Known key that may not call Maps APIs (Google: PERMISSION_DENIED, API_KEY_SERVICE_BLOCKED). */
  blocked?: boolean;
};

export type TKeyVerdict = "ok" | "missing" | "invalid" | "blocked" | "quota";

/** The stand-in's keys and their per-minute counters. */
export class KeyRing {
  private readonly used = new Map<string, { minute: number; count: number }>();

  constructor(
    private readonly policies: ReadonlyMap<string, TKeyPolicy>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Judges one request made with `key` and, when it may run, counts it against the key's quota. */
  admit(key: string | null): TKeyVerdict {
    if (!key) return "missing";
    const policy = this.policies.get(key);
    if (!policy) return "invalid";
    if (policy.blocked) return "blocked";
    if (policy.requestsPerMinute === undefined) return "ok";
    const minute = Math.floor(this.now() / 60_000);
    const used = this.used.get(key);
    const count = used && used.minute === minute ? used.count : 0;
    if (count >= policy.requestsPerMinute) return "quota";
    this.used.set(key, { minute, count: count + 1 });
    return "ok";
  }
}
