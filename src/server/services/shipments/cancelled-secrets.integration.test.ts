// A cancelled shipment's delivery code and tracking link serve nobody: shipment.get must not send them
// (issue 8, section 4). The rule lives in src/lib/shipment-state.ts (showsTrackingLink).
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../../scripts/test/helpers";
import { createShipment } from "../../../../prisma/factories";
import { db } from "~/server/db";

describe("shipment.get secrets", () => {
  it("sends the code and link while the load is on its way, and neither once it is cancelled", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const admin = await signedIn({ role: "ADMIN" });
    const { shipment, deliveryCode } = await createShipment(db, { shipperId: shipper.user.id, status: "POSTED" });

    const before = await shipper.caller.shipment.get({ id: shipment.id });
    expect(before.secrets?.deliveryCode).toBe(deliveryCode);

    await shipper.caller.shipment.cancel({ id: shipment.id, reason: "Plans changed" });
    const after = await shipper.caller.shipment.get({ id: shipment.id });
    expect(after.status).toBe("CANCELLED");
    expect(after.secrets).toBeNull();
    expect(JSON.stringify(after)).not.toContain(deliveryCode);
    expect((await admin.caller.shipment.get({ id: shipment.id })).secrets).toBeNull();
  });
});
