// A load whose pick-up window has already ended cannot be collected, so it never reaches the load board (issue 10 §2:
// such a window "cannot be created, posted or edited in"): creating a shipment with one, draft or posted, posting a
// draft whose window has passed since, and setting a past window on an edit are refused. A draft saved before its
// window passed keeps it through edits that leave the window alone, until the shipper moves it.
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
const inPast = "The pick-up window has already ended. Choose one that ends later.";
const refusedInPast = {
  code: "BAD_REQUEST",
  message: inPast,
  cause: { fieldErrors: { "pickup.windowEnd": [inPast] } },
};

/** A draft saved while its window was open, whose pick-up window has ended since (48 to 40 hours ago). */
async function draftWhoseWindowPassed(caller: Awaited<ReturnType<typeof signedIn>>["caller"]) {
  const { id } = await caller.shipment.create({ shipment: validShipmentInput(), post: false });
  const past = pastWindowInput();
  await db.shipment.update({
    where: { id },
    data: {
      pickupWindowStart: past.pickup.windowStart,
      pickupWindowEnd: past.pickup.windowEnd,
      dropoffWindowStart: past.dropoff.windowStart,
      dropoffWindowEnd: past.dropoff.windowEnd,
    },
  });
  return db.shipment.findUniqueOrThrow({ where: { id } });
}

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
  it("a draft whose window has passed since it was saved: shipment.post refuses it and it stays off the board", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const { id } = await draftWhoseWindowPassed(caller);
    await expect(caller.shipment.post({ id })).rejects.toMatchObject(refused);
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("DRAFT");
    expect(row.postedAt).toBeNull();

    const driver = await signedIn({ role: "DRIVER" });
    const board = await driver.caller.driver.loadBoard({});
    expect(JSON.stringify(board)).not.toContain(id);
  });

  it("shipment.create with a past window is refused as a draft too, and creates nothing", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    await expect(caller.shipment.create({ shipment: pastWindowInput(), post: false })).rejects.toMatchObject(
      refusedInPast,
    );
    expect(await db.shipment.count({ where: { shipperId: user.id } })).toBe(0);
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

  it("neither a posted load nor a draft can be edited into a past window; a passed draft keeps its window", async () => {
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
    ).rejects.toMatchObject(refusedInPast);
    expect((await db.shipment.findUniqueOrThrow({ where: { id: draft.id } })).pickupWindowEnd).toEqual(
      d.pickupWindowEnd,
    );

    // Editing only the weight of a draft whose window passed since it was saved keeps that window (it is not being
    // set now); posting it is what is refused until the window moves.
    const passed = await draftWhoseWindowPassed(caller);
    const input = pastWindowInput();
    input.pickup.windowStart = passed.pickupWindowStart;
    input.pickup.windowEnd = passed.pickupWindowEnd;
    input.dropoff.windowStart = passed.dropoffWindowStart;
    input.dropoff.windowEnd = passed.dropoffWindowEnd;
    input.cargo.weightKg = 777;
    await expect(
      caller.shipment.update({ id: passed.id, version: passed.version, shipment: input }),
    ).resolves.toMatchObject({ id: passed.id });
    const kept = await db.shipment.findUniqueOrThrow({ where: { id: passed.id } });
    expect(kept.pickupWindowEnd).toEqual(passed.pickupWindowEnd);
    expect(kept.weightKg).toBe(777);
  });
});
