// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time grouped by where the code
// lives (a package under node_modules, Node's internals, the Next.js build's own chunks, GC, idle), and the
// hottest functions. Used by `npm run bench:realtime` with BENCH_PROFILE=1.
import { readFileSync } from "node:fs";

type TNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type TProfile = { nodes: TNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type TProfileSummary = {
  /** Wall time the profile covers, ms. */
  totalMs: number;
  /** Busy (non-idle) self time per group, ms, largest first. */
  groups: [string, number][];
  /** Hottest functions by self time: `name (file:line)`, ms. */
  functions: [string, number][];
};

/** Where a frame's code lives, as a short group name. */
function groupOf({ functionName, url }: TNode["callFrame"]): string {
  if (url === "") {
    if (functionName === "(garbage collector)") return "gc";
    if (functionName === "(idle)") return "idle";
    return functionName === "(program)" ? "program (native, unattributed)" : `native ${functionName}`;
  }
  if (url.startsWith("node:")) return "node internals";
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) {
    const inner = /node_modules\/((?:@[^/]+\/)?[^/]+)\/.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    return inner ? inner[2]! : modules[1]!;
  }
  if (/\/\.next[^/]*\/server\//.test(url)) return "app build (.next server chunks: app code + bundled libraries)";
  return url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
}

/** Summarises the profile at `path`. */
export function summariseCpuProfile(path: string, topFunctions = 12): TProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as TProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const group = groupOf(frame);
    groups.set(group, (groups.get(group) ?? 0) + us / 1000);
    if (group === "idle") continue;
    const where = frame.url
      ? ` (${frame.url.replace(/^.*\/(node_modules|\.next[^/]*)\//, "$1/")}:${frame.lineNumber + 1})`
      : "";
    const name = `${frame.functionName || "(anonymous)"}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us / 1000);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    groups: sorted(groups).filter(([g]) => g !== "idle"),
    functions: sorted(functions).slice(0, topFunctions),
  };
}
