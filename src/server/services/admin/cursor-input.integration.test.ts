// A two-way admin list reads one page in one direction: asked for the page after one cursor and before another,
// it refuses with a field error on `before` instead of silently answering with one of them (page 1 or another).
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";
import { BOTH_CURSORS_MESSAGE } from "~/lib/schemas/primitives";

const refusal = {
  code: "BAD_REQUEST",
  cause: { issues: [expect.objectContaining({ path: ["before"], message: BOTH_CURSORS_MESSAGE })] },
};

describe("after and before together", () => {
  it("admin.shipments refuses them; either alone still pages", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const shipper = await createUser(db, { role: "SHIPPER" });
    for (let i = 0; i < 6; i++) await createShipment(db, { shipperId: shipper.id });
    const cursor = (await admin.caller.admin.shipments({ pageSize: 5 })).nextCursor;
    if (!cursor) throw new Error("six shipments make a second page");
    await expect(admin.caller.admin.shipments({ after: cursor, before: cursor })).rejects.toMatchObject(refusal);
    await expect(admin.caller.admin.shipments({ after: cursor, before: null })).resolves.toBeDefined();
  });

  it("adminUsers.list refuses them; either alone still pages", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    for (let i = 0; i < 6; i++) await createUser(db, { role: "SHIPPER" });
    const cursor = (await admin.caller.adminUsers.list({ pageSize: 5 })).nextCursor;
    if (!cursor) throw new Error("six users make a second page");
    await expect(admin.caller.adminUsers.list({ after: cursor, before: cursor })).rejects.toMatchObject(refusal);
    await expect(admin.caller.adminUsers.list({ before: cursor })).resolves.toBeDefined();
  });
});
