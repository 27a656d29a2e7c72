// The units preference (issue 10 §5) against a real database: stored per user, read back with every session (so
// the signed-in pages render in it), cleared to follow the browser again, and refused when it is not a unit system.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { db } from "~/server/db";
import { loadActiveSession } from "~/server/auth/session";

describe("account.setUnits", () => {
  it("stores the choice, which the next session load and account.me carry, and null follows the browser again", async () => {
    const { user, session, caller } = await signedIn({ role: "DRIVER" });
    expect(session.user.units).toBeNull();
    expect((await caller.account.me()).unitSystem).toBeNull();

    expect(await caller.account.setUnits({ units: "metric" })).toEqual({ units: "metric" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).unitSystem).toBe("metric");
    expect((await loadActiveSession(session.id))?.user.units).toBe("metric");
    expect((await caller.account.me()).unitSystem).toBe("metric");

    await caller.account.setUnits({ units: "us" });
    expect((await loadActiveSession(session.id))?.user.units).toBe("us");

    await caller.account.setUnits({ units: null });
    expect((await loadActiveSession(session.id))?.user.units).toBeNull();
  });

  it("changes only the caller's own account", async () => {
    const a = await signedIn({ role: "SHIPPER" });
    const b = await signedIn({ role: "SHIPPER" });
    await a.caller.account.setUnits({ units: "metric" });
    expect((await loadActiveSession(b.session.id))?.user.units).toBeNull();
  });

  it("refuses anything but us, metric or null with a field error", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const error = await caller.account.setUnits({ units: "imperial" as "us" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(JSON.stringify((error as TRPCError).cause ?? error)).toContain("units");
  });
});
