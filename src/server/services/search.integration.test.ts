// Searches match what was typed, literally: `%` and `_` are not LIKE wildcards and `\` is not an escape. Before
// escapeLike, a search for "_" or "%" returned every row of every list.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../prisma/factories";
import { db } from "~/server/db";

/** A token only this run uses, so other test files sharing the database do not disturb the counts. */
const tag = () => Math.random().toString(36).slice(2, 8);

/** Pairs a name holding a special character with a look-alike that only a wildcard would match. */
function lookAlikes(t: string) {
  return {
    underscore: { literal: `Lit_${t}`, other: `Litx${t}`, search: `t_${t}` },
    percent: { literal: `Pct%${t}`, other: `Pctzz${t}`, search: `t%${t}` },
    backslash: { literal: `Bs\\${t}`, other: `Bsx${t}`, search: `s\\${t}` },
  };
}

describe("search treats %, _ and \\ literally", () => {
  it("shipment.list (the shipper's) and admin.shipments, over cities", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const shipper = await signedIn({ role: "SHIPPER" });
    const cases = lookAlikes(tag());
    const idOf: Record<string, string> = {};
    for (const c of Object.values(cases)) {
      for (const city of [c.literal, c.other]) {
        const { shipment } = await createShipment(db, { shipperId: shipper.user.id });
        await db.shipment.update({ where: { id: shipment.id }, data: { pickupCity: city } });
        idOf[city] = shipment.id;
      }
    }
    for (const c of Object.values(cases)) {
      const mine = await shipper.caller.shipment.list({ search: c.search });
      expect(mine.items.map((s) => s.id)).toEqual([idOf[c.literal]]);
      const all = await admin.caller.admin.shipments({ search: c.search });
      expect(all.items.map((s) => s.id)).toEqual([idOf[c.literal]]);
    }
    // A lone wildcard finds only rows that really contain it, not the whole table.
    for (const wildcard of ["_", "%"]) {
      const mine = await shipper.caller.shipment.list({ search: wildcard });
      expect(mine.items.map((s) => s.id)).toEqual([
        wildcard === "_" ? idOf[cases.underscore.literal] : idOf[cases.percent.literal],
      ]);
      const all = await admin.caller.admin.shipments({ search: wildcard, pageSize: 100 });
      for (const s of all.items) expect(`${s.reference} ${s.pickupCity} ${s.dropoffCity}`).toContain(wildcard);
    }
  });

  it("adminUsers.list and admin.drivers, over names", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    const cases = lookAlikes(tag());
    const idOf: Record<string, string> = {};
    for (const c of Object.values(cases)) {
      for (const name of [c.literal, c.other]) {
        const user = await createUser(db, {
          role: "DRIVER",
          name,
          driver: { vehicleType: "BOX_TRUCK", capacityKg: 5_000 },
        });
        idOf[name] = user.id;
      }
    }
    const shipper = await createUser(db, { role: "SHIPPER" });
    const { shipment } = await createShipment(db, { shipperId: shipper.id, status: "POSTED" });
    for (const c of Object.values(cases)) {
      const users = await admin.caller.adminUsers.list({ search: c.search });
      expect(users.users.map((u) => u.id)).toEqual([idOf[c.literal]]);
      const drivers = await admin.caller.admin.drivers({ id: shipment.id, search: c.search });
      expect(drivers.drivers.map((d) => d.id)).toEqual([idOf[c.literal]]);
    }
    for (const wildcard of ["_", "%"]) {
      const users = await admin.caller.adminUsers.list({ search: wildcard, pageSize: 100 });
      expect(users.users.length).toBeGreaterThan(0);
      for (const u of users.users) expect(`${u.name} ${u.email}`).toContain(wildcard);
    }
  });
});
