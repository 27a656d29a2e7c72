// The tracking preview image of a load from București draws the name with every letter (it printed "Bucureti").
import { expect, it } from "vitest";

import { anonymous } from "../../../scripts/test/helpers";
import { createShipment, createUser } from "../../../prisma/factories";
import { db } from "~/server/db";
import { loadOgFonts } from "./fonts";
import { trackingCardModel } from "./tracking-card";

it("the card model for a București load keeps every letter, from the public tracking view", async () => {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const { shipment, trackingToken } = await createShipment(db, { shipperId: shipper.id, status: "POSTED" });
  await db.shipment.update({ where: { id: shipment.id }, data: { pickupCity: "București", dropoffCity: "Brăila" } });

  const t = await anonymous().tracking.get({ token: trackingToken });
  if (t.state !== "ok") throw new Error(`tracking answered ${t.state}`);
  const model = trackingCardModel(t, await loadOgFonts());
  expect(model.from).toEqual({ text: "București", source: "as-is" });
  expect(model.to).toEqual({ text: "Brăila", source: "as-is" });
});
