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

/** The lines of `output` (any chunking of the server's stdout and stderr) that show an unhandled fault. */
export function serverLogFaults(lines: Iterable<string>): string[] {
  const found: string[] = [];
  for (const line of lines) if (FAULTS.some((fault) => fault.test(line))) found.push(line.trim());
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
