// The server under test must keep a clean log: an unhandled rejection, a WebAssembly abort (PGlite, the OG image
// renderer) or an uncaught exception is a fault even when every page still answered, so the e2e run fails on one.

/** Lines of server output that name a fault nobody handled. */
const FAULTS: RegExp[] = [
  /Unhandled Rejection/i,
  /unhandledRejection/,
  /uncaughtException/,
  /\bAborted\(\)/,
  /^\s*Uncaught\b/,
];

/**
 * The app's own JSON log line (src/server/log/logger.ts) inside `line`, or null for any other output. Its fields
 * quote user input (a tRPC path, an error message), so it is judged by its level, not by the patterns above.
 */
function appLogLine(line: string): { level?: unknown } | null {
  const start = line.indexOf("{");
  if (start === -1 || !line.trimEnd().endsWith("}")) return null;
  try {
    const parsed: unknown = JSON.parse(line.slice(start));
    return typeof parsed === "object" && parsed !== null && "level" in parsed ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The lines of `output` (any chunking of the server's stdout and stderr) that show an unhandled fault: Node.js's
 * and Next.js's own fault lines, and the app's JSON lines at level "fatal".
 */
export function serverLogFaults(lines: Iterable<string>): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const json = appLogLine(line);
    const fault = json ? json.level === "fatal" : FAULTS.some((pattern) => pattern.test(line));
    if (fault) found.push(line.trim());
  }
  return found;
}

/** Splits a stream of chunks into whole lines, calling `onLine` for each; `flush` hands over the last partial line. */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; flush: () => void } {
  let rest = "";
  return {
    push(chunk) {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const part of parts) onLine(part);
    },
    flush() {
      if (rest) onLine(rest);
      rest = "";
    },
  };
}
