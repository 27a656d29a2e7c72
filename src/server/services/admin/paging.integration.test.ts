import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment as makeShipment, createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";

const minute = 60_000;

describe("admin lists that grow while an admin pages through them", () => {
  it("shipments: a draft created between page 1 and page 2 does not repeat page 1's last row", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const shipper = await createUser(db, { role: "SHIPPER" });
    // A city only this test uses, so the search isolates its rows from other test files sharing the database.
    const city = `Pagerton ${Math.random().toString(36).slice(2, 8)}`;
    const make = async (createdAt: Date) => {
      const { shipment } = await makeShipment(db, { shipperId: shipper.id, createdAt });
      await db.shipment.update({ where: { id: shipment.id }, data: { pickupCity: city } });
      return shipment.id;
    };
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.unshift(await make(new Date(Date.now() - (10 - i) * minute)));

    const page1 = await admin.caller.admin.shipments({ search: city, pageSize: 5 });
    expect(page1.items.map((s) => s.id)).toEqual(ids.slice(0, 5));
    expect(page1).toMatchObject({ total: 6, offset: 0, previousCursor: null });

    const newDraft = await make(new Date());
    const page2 = await admin.caller.admin.shipments({ search: city, pageSize: 5, after: page1.nextCursor });
    expect(page2.items.map((s) => s.id)).toEqual([ids[5]]);
    expect(page2).toMatchObject({ total: 7, offset: 6, nextCursor: null });

    // Back from page 2: the five rows before it, now that the new draft sits above them.
    const back = await admin.caller.admin.shipments({ search: city, pageSize: 5, before: page2.previousCursor });
    expect(back.items.map((s) => s.id)).toEqual(ids.slice(0, 5));
    expect(back.offset).toBe(1);
    const top = await admin.caller.admin.shipments({ search: city, pageSize: 5, before: back.previousCursor });
    expect(top.items.map((s) => s.id)).toEqual([newDraft, ...ids.slice(0, 4)]);
    expect(top).toMatchObject({ offset: 0, previousCursor: null });

    await expect(admin.caller.admin.shipments({ pageSize: 5, after: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("users: a sign-up between page 1 and page 2 does not repeat page 1's last row", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const tag = `pager-${Math.random().toString(36).slice(2, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.unshift((await createUser(db, { role: "SHIPPER", email: `${tag}-${i}@test.local` })).id);

    const page1 = await admin.caller.adminUsers.list({ search: tag, pageSize: 5 });
    expect(page1.users.map((u) => u.id)).toEqual(ids.slice(0, 5));
    await createUser(db, { role: "DRIVER", email: `${tag}-new@test.local` });
    const page2 = await admin.caller.adminUsers.list({ search: tag, pageSize: 5, after: page1.nextCursor });
    expect(page2.users.map((u) => u.id)).toEqual([ids[5]]);
    expect(page2).toMatchObject({ total: 7, offset: 6, nextCursor: null });
  });
});

describe("a forged page cursor", () => {
  it("is a BAD_REQUEST, never a 500, whatever it carries", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const forged = ["not-a-cursor", `${new Date().toISOString()}|a\u0000b`, `+275760-09-13T00:00:00.000Z|abc`, "|abc"];
    for (const raw of forged) {
      const cursor = Buffer.from(raw).toString("base64url");
      await expect(admin.caller.admin.shipments({ after: cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
      await expect(admin.caller.adminUsers.list({ before: cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
