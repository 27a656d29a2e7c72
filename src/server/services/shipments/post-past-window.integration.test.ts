// A load whose pick-up window has already ended cannot be collected, so it never reaches the load board: posting
// it (or creating it posted, or moving a posted load's window into the past) is refused. Drafts may keep it.
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { validShipmentInput } from "../../../../prisma/factories";
import { db } from "~/server/db";

const hour = 3600_000;
const message = "The pick-up window has already ended. Move it before posting.";
const refused = {
  code: "BAD_REQUEST",
  message,
  cause: { fieldErrors: { "pickup.windowEnd": [message] } },
};

/** A valid input whose pick-up window ran from 48 to 40 hours ago (drop-off after that). */
function pastWindowInput() {
  const input = validShipmentInput();
  const start = Date.now() - 48 * hour;
  input.pickup.windowStart = new Date(start);
  input.pickup.windowEnd = new Date(start + 8 * hour);
  input.dropoff.windowStart = new Date(start + 10 * hour);
  input.dropoff.windowEnd = new Date(start + 14 * hour);
  return input;
}

describe("posting with a pick-up window that has ended", () => {
  it("a draft keeps its past window, but shipment.post refuses it and it stays off the board", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const { id } = await caller.shipment.create({ shipment: pastWindowInput(), post: false });
    await expect(caller.shipment.post({ id })).rejects.toMatchObject(refused);
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("DRAFT");
    expect(row.postedAt).toBeNull();

    const driver = await signedIn({ role: "DRIVER" });
    const board = await driver.caller.driver.loadBoard({});
    expect(JSON.stringify(board)).not.toContain(id);
  });

  it("shipment.create with post: true is refused and creates nothing", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    await expect(caller.shipment.create({ shipment: pastWindowInput(), post: true })).rejects.toMatchObject(refused);
    expect(await db.shipment.count({ where: { shipperId: user.id } })).toBe(0);
  });

  it("a window that ends in the future posts as before", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const { id } = await caller.shipment.create({ shipment: validShipmentInput(), post: false });
    await expect(caller.shipment.post({ id })).resolves.toBe("POSTED");
  });

  it("a posted load cannot be edited into a past window; a draft can", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const posted = await caller.shipment.create({ shipment: validShipmentInput(), post: true });
    const p = await db.shipment.findUniqueOrThrow({ where: { id: posted.id } });
    await expect(
      caller.shipment.update({ id: posted.id, version: p.version, shipment: pastWindowInput() }),
    ).rejects.toMatchObject(refused);

    const draft = await caller.shipment.create({ shipment: validShipmentInput(), post: false });
    const d = await db.shipment.findUniqueOrThrow({ where: { id: draft.id } });
    await expect(
      caller.shipment.update({ id: draft.id, version: d.version, shipment: pastWindowInput() }),
    ).resolves.toMatchObject({ id: draft.id });
  });
});
