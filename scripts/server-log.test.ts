import { describe, expect, it } from "vitest";

import { lineSplitter, serverLogFaults } from "./server-log";

describe("serverLogFaults", () => {
  it("finds the faults `npm run dev` printed, and leaves ordinary lines alone", () => {
    const log = [
      "[WebServer]  ▲ Next.js 16.4.6",
      "[WebServer]  GET /shipper 200 in 41ms",
      "[WebServer] Unhandled Rejection: RuntimeError: Aborted(). Build with -sASSERTIONS for more info.",
      "[WebServer] ⨯ uncaughtException: Error: boom",
      "[WebServer] RuntimeError: Aborted()",
      "  ✓  3 [desktop] › e2e/auth.spec.ts › a wrong password is refused",
      "[WebServer] prisma:warn a warning",
    ];
    expect(serverLogFaults(log)).toEqual([log[2], log[3], log[4]]);
  });

  it("splits chunks into lines wherever the chunks break", () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.push("[WebServer] Unhandled Rej");
    splitter.push("ection: x\r\nnext line\npartial");
    splitter.flush();
    expect(lines).toEqual(["[WebServer] Unhandled Rejection: x", "next line", "partial"]);
    expect(serverLogFaults(lines)).toEqual(["[WebServer] Unhandled Rejection: x"]);
  });

  it("judges the app's JSON log lines by level, not by the user input they quote", () => {
    const log = [
      '[WebServer] {"level":"info","module":"http","route":"/api/trpc","trpc":"uncaughtException.Uncaught","status":404}',
      '[WebServer] {"level":"error","module":"errors","msg":"tRPC shipment.create failed","err":{"message":"Aborted()"}}',
      '[WebServer] {"level":"fatal","msg":"the process cannot continue"}',
      "[WebServer] {not json} Unhandled Rejection: Error: x",
    ];
    expect(serverLogFaults(log)).toEqual([log[2], log[3]]);
  });
});
