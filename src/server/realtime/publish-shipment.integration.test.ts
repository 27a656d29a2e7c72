// Every change a viewer of a shipment can see is broadcast once, after commit, on the shipment's channel and its
// public tracking channel; a refused change broadcasts nothing. Subscribed through pusher-js to the stand-in.
import { afterEach, describe, expect, it } from "vitest";

import { listenTo, type TFeed } from "../../../scripts/test/pusher-listener";
import { createShipment, createUser, validShipmentInput } from "../../../prisma/factories";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { ZShipmentInputSchema } from "~/lib/schemas/shipment";
import { shipmentChannel, trackingChannel, type TStatusEvent } from "~/lib/realtime";
import { db } from "~/server/db";
import { forceCancel, reassign } from "~/server/services/admin/shipments";
import { createShipment as createShipmentService, updateShipment } from "~/server/services/shipments/create-shipment";
import {
  acceptLoad,
  cancelShipment,
  confirmDelivery,
  deliver,
  depart,
  pickUp,
  releaseJob,
} from "~/server/services/shipments/lifecycle";
import { postShipment } from "~/server/services/shipments/post-shipment";
import { MAX_DELIVERY_CODE_ATTEMPTS } from "~/server/services/shipments/secrets";
import { publishShipmentChanged } from "./publish-shipment";

const feeds: TFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});

/** Listens on the shipment's channel for the assignment `driverId` (its current one by default) and its tracking one. */
async function watch(
  shipment: { id: string; trackingToken: string; driverId: string | null },
  driverId: string | null = shipment.driverId,
) {
  const both = [
    await listenTo(shipmentChannel(shipment.id, driverId)),
    await listenTo(trackingChannel(shipment.trackingToken)),
  ];
  feeds.push(...both);
  return {
    /** The next `status` event on both channels: the same payload, naming the row's version as it is in the db. */
    async next(): Promise<TStatusEvent> {
      const [a, b] = (await Promise.all(both.map((f) => f.next("status")))) as [TStatusEvent, TStatusEvent];
      expect(b).toEqual(a);
      // Published after commit: the database already holds what the event announces.
      const row = await db.shipment.findUniqueOrThrow({ where: { id: a.shipmentId } });
      expect(row.version).toBe(a.version);
      expect(row.status).toBe(a.status);
      expect(new Date(a.at).toISOString()).toBe(row.updatedAt.toISOString());
      return a;
    },
    events: () => both.map((f) => f.events.filter((e) => e.event === "status")),
  };
}

async function setup(status: ShipmentStatus, withDriver = true) {
  const shipper = await createUser(db, { role: "SHIPPER" });
  const driver = await createUser(db, { role: "DRIVER" });
  const made = await createShipment(db, {
    shipperId: shipper.id,
    status,
    driverId: withDriver ? driver.id : null,
  });
  return { shipper, driver, ...made, feed: await watch(made.shipment) };
}

const viewer = (u: { id: string; role: "SHIPPER" | "DRIVER" | "ADMIN" }) => ({ id: u.id, role: u.role });

describe("status broadcasts", () => {
  it("a load's whole life, step by step: one event per step with the new status and version", async () => {
    const { shipper, driver, shipment, deliveryCode, feed } = await setup("DRAFT", false);
    let version = shipment.version;
    const step = async (run: () => Promise<unknown>, status: ShipmentStatus) => {
      await run();
      version += 1;
      expect(await feed.next()).toMatchObject({ shipmentId: shipment.id, status, version });
    };
    await step(() => postShipment({ shipperId: shipper.id, emailVerified: true, id: shipment.id }), "POSTED");
    // Accepting is announced on the channel without a driver too (the shipper's page is there and moves on).
    const assigned = await watch(shipment, driver.id);
    await step(() => acceptLoad({ driverId: driver.id, emailVerified: true, id: shipment.id }), "ASSIGNED");
    expect(await assigned.next()).toMatchObject({ status: "ASSIGNED", version });
    const later = async (run: () => Promise<unknown>, status: ShipmentStatus) => {
      await run();
      version += 1;
      expect(await assigned.next()).toMatchObject({ shipmentId: shipment.id, status, version });
    };
    await later(() => pickUp({ driverId: driver.id, id: shipment.id }), "PICKED_UP");
    await later(() => depart({ driverId: driver.id, id: shipment.id }), "IN_TRANSIT");
    await later(() => deliver({ driverId: driver.id, id: shipment.id, code: deliveryCode }), "DELIVERED");
    await later(() => confirmDelivery({ viewer: viewer(shipper), id: shipment.id }), "COMPLETED");
    // The channel without a driver heard posting and accepting only; the tracking channel heard everything.
    expect(feed.events().map((list) => list.length)).toEqual([2, 6]);
    expect(assigned.events().map((list) => list.length)).toEqual([5, 5]);
  });

  it("release, admin reassign and admin force-cancel are broadcast too", async () => {
    const admin = await createUser(db, { role: "ADMIN" });
    const other = await createUser(db, { role: "DRIVER" });
    const { driver, shipment, feed } = await setup("ASSIGNED");
    const listen = async (driverId: string | null) => {
      const f = await listenTo(shipmentChannel(shipment.id, driverId));
      feeds.push(f);
      return f;
    };
    const [open, others] = [await listen(null), await listen(other.id)];

    await releaseJob({ driverId: driver.id, id: shipment.id, reason: "Truck broke down" });
    // Announced on the released driver's channel (their page learns it) and the one without a driver.
    expect(await feed.next()).toMatchObject({ status: "POSTED", version: shipment.version + 1 });
    expect(await open.next("status")).toMatchObject({ status: "POSTED", version: shipment.version + 1 });
    await reassign({ adminId: admin.id, id: shipment.id, driverId: other.id, reason: "Urgent", ip: "127.0.0.1" });
    expect(await open.next("status")).toMatchObject({ status: "ASSIGNED", version: shipment.version + 2 });
    expect(await others.next("status")).toMatchObject({ status: "ASSIGNED", version: shipment.version + 2 });
    await forceCancel({ adminId: admin.id, id: shipment.id, reason: "Fraud check", ip: "127.0.0.1" });
    expect(await others.next("status")).toMatchObject({ status: "CANCELLED", version: shipment.version + 3 });
    // Nothing after the release reached the released driver's channel, nor after the reassignment the open one.
    expect(feed.events()[0]).toHaveLength(1);
    expect(open.events).toHaveLength(2);
  });

  it("the shipper cancelling is broadcast to the assigned driver's channel", async () => {
    const { shipper, shipment, feed } = await setup("ASSIGNED");
    await cancelShipment({ viewer: viewer(shipper), id: shipment.id, reason: "Plans changed" });
    expect(await feed.next()).toMatchObject({ status: "CANCELLED", version: shipment.version + 1 });
  });

  it("an edit publishes the same status with the new version; creating and posting at once publishes POSTED", async () => {
    const { shipper, shipment, feed } = await setup("POSTED", false);
    const saved = await updateShipment({
      shipperId: shipper.id,
      id: shipment.id,
      version: shipment.version,
      input: ZShipmentInputSchema.parse(validShipmentInput({ description: "Now with more pallets" })),
    });
    expect(await feed.next()).toMatchObject({ status: "POSTED", version: saved.version });

    const created = await createShipmentService({
      shipperId: shipper.id,
      emailVerified: true,
      input: ZShipmentInputSchema.parse(validShipmentInput()),
      post: true,
    });
    const row = await db.shipment.findUniqueOrThrow({ where: { id: created.id } });
    // Subscribed after the fact: publishing again names the same version, so a late subscriber converges.
    const late = await watch(row);
    await publishShipmentChanged(created.id);
    expect(await late.next()).toMatchObject({ shipmentId: created.id, status: "POSTED", version: row.version });
  });

  it("the delivery code locking is a visible change: a new version is published", async () => {
    const { driver, shipment, feed } = await setup("IN_TRANSIT");
    for (let i = 0; i < MAX_DELIVERY_CODE_ATTEMPTS; i++) {
      await expect(deliver({ driverId: driver.id, id: shipment.id, code: "000000" })).rejects.toThrow();
    }
    const event = await feed.next();
    expect(event).toMatchObject({ status: "IN_TRANSIT", version: shipment.version + 1 });
    expect((await db.shipment.findUniqueOrThrow({ where: { id: shipment.id } })).deliveryCodeLockedAt).not.toBeNull();
  });

  it("a refused change publishes nothing: the next event is the next committed change", async () => {
    const stranger = await createUser(db, { role: "DRIVER" });
    const otherShipper = await createUser(db, { role: "SHIPPER" });
    const { shipper, driver, shipment, feed } = await setup("ASSIGNED");

    await expect(pickUp({ driverId: stranger.id, id: shipment.id })).rejects.toThrow(/not found/i);
    await expect(depart({ driverId: driver.id, id: shipment.id })).rejects.toThrow();
    await expect(cancelShipment({ viewer: viewer(otherShipper), id: shipment.id, reason: "Not mine" })).rejects.toThrow(
      /not found/i,
    );
    await expect(confirmDelivery({ viewer: viewer(shipper), id: shipment.id })).rejects.toThrow();

    await pickUp({ driverId: driver.id, id: shipment.id });
    // Events on a channel arrive in order: had a refusal published, it would come first.
    expect(await feed.next()).toMatchObject({ status: "PICKED_UP", version: shipment.version + 1 });
    expect(feed.events().map((list) => list.length)).toEqual([1, 1]);
  });

  it("resolves false for a shipment that does not exist", async () => {
    expect(await publishShipmentChanged("no-such-shipment")).toBe(false);
  });
});
