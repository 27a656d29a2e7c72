// The Twilio stand-in's outbox on disk (a JSON line per change), so a restarted `npm run dev` still lists the texts
// sent before it in /dev/outbox, and numbers that replied STOP stay opted out, as they would at Twilio.
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

import type { TTwilioMessage } from "./server";

/** One journal line: a message as it is now (created or its status changed), or a phone opting out or back in. */
export type TJournalEntry =
  | { kind: "message"; message: TTwilioMessage; statusCallback: string | null }
  | { kind: "opt-out"; pair: string; optedOut: boolean };

export type TJournalState = {
  /** Each message's latest state, in the order they were first written (oldest first). */
  messages: { message: TTwilioMessage; statusCallback: string | null }[];
  /** `${from}|${to}` pairs opted out. */
  optedOut: string[];
};

export type TTwilioJournal = {
  /** Appends one entry (writes are serialised, so lines keep their order); errors are logged, never thrown. */
  append(entry: TJournalEntry): void;
  /** Empties the file (the outbox was cleared). */
  truncate(): void;
  /** Resolves once every write asked for so far is on disk. */
  flush(): Promise<void>;
};

/**
 * Opens `file` (creating its folder). With `resume`, resolves the state its lines describe (the last line per
 * message wins; a line cut short by a crash is skipped); without, empties it and resolves an empty state.
 */
export async function openTwilioJournal(
  file: string,
  resume: boolean,
): Promise<{ journal: TTwilioJournal; state: TJournalState }> {
  await mkdir(dirname(file), { recursive: true });
  const state: TJournalState = { messages: [], optedOut: [] };
  if (resume) {
    const text = await readFile(file, "utf8").catch(() => "");
    const bySid = new Map<string, { message: TTwilioMessage; statusCallback: string | null }>();
    const optedOut = new Set<string>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let entry: TJournalEntry;
      try {
        entry = JSON.parse(line) as TJournalEntry;
      } catch {
        continue;
      }
      if (entry.kind === "message" && typeof entry.message?.sid === "string") {
        bySid.set(entry.message.sid, { message: entry.message, statusCallback: entry.statusCallback ?? null });
      } else if (entry.kind === "opt-out" && typeof entry.pair === "string") {
        if (entry.optedOut) optedOut.add(entry.pair);
        else optedOut.delete(entry.pair);
      }
    }
    state.messages = [...bySid.values()];
    state.optedOut = [...optedOut];
  } else {
    await writeFile(file, "", "utf8");
  }

  let writes: Promise<void> = Promise.resolve();
  const queue = (op: () => Promise<void>) => {
    writes = writes.then(op).catch((err: unknown) => {
      console.error(`[devstack/twilio] could not write ${file}:`, err);
    });
  };
  return {
    state,
    journal: {
      append: (entry) => {
        // Serialised now: the message object changes status later.
        const line = `${JSON.stringify(entry)}\n`;
        queue(() => appendFile(file, line, "utf8"));
      },
      truncate: () => queue(() => writeFile(file, "", "utf8")),
      flush: () => writes,
    },
  };
}
