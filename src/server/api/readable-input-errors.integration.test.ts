// Input a person never types (a hand-made request, a stale client) still gets a readable field error, not Zod's
// default text: the load board's page size and the chat's catch-up position (issue 10 §4). The error formatter
// (trpc.ts) sends the first issue's message as the error's message and every issue in `zodError.fieldErrors`.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";

import { signedIn } from "../../../scripts/test/helpers";

async function issuesOf(p: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  expect((e as TRPCError).code).toBe("BAD_REQUEST");
  const cause = (e as TRPCError).cause;
  expect(cause).toBeInstanceOf(ZodError);
  return (cause as ZodError).issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("readable input errors", () => {
  it("the load board's limit 0", async () => {
    const { caller } = await signedIn({ role: "DRIVER" });
    expect(await issuesOf(caller.driver.loadBoard({ limit: 0 }))).toEqual([
      { path: "limit", message: "Limit must be at least 1." },
    ]);
  });

  it("chat.since without its position, or with a position that is not one", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    expect(await issuesOf(caller.chat.since({ shipmentId: "s0123456789abcdef" } as never))).toEqual([
      { path: "after", message: "After is missing." },
    ]);
    const bad = await issuesOf(
      caller.chat.since({ shipmentId: "s0123456789abcdef", after: { id: "", at: "2026-11-30T10:00:00Z" } }),
    );
    expect(bad.length).toBeGreaterThan(0);
    for (const issue of bad) expect(issue.message).not.toMatch(/Too small|Invalid input|expected/);
  });
});
