// The chat through its tRPC procedures against a real PostgreSQL and the Pusher stand-in: who may read and write,
// idempotent sends, pages backwards, catch-up, read positions, unread counts, the rate limit and the events.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { signedIn } from "../../../../scripts/test/helpers";
import { listenTo, type TFeed } from "../../../../scripts/test/pusher-listener";
import { createShipment } from "../../../../prisma/factories";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { shipmentChannel, userChannel, type TMessageEvent } from "~/lib/realtime";
import { db } from "~/server/db";

const feeds: TFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});

async function listen(channel: string): Promise<TFeed> {
  const feed = await listenTo(channel);
  feeds.push(feed);
  return feed;
}

/** A shipper, a driver assigned to their shipment in `status`, an admin, and a stranger of each role. */
async function scene(status: ShipmentStatus = "ASSIGNED") {
  const shipper = await signedIn({ role: "SHIPPER" });
  const driver = await signedIn({ role: "DRIVER" });
  const admin = await signedIn({ role: "ADMIN" });
  const otherShipper = await signedIn({ role: "SHIPPER" });
  const otherDriver = await signedIn({ role: "DRIVER" });
  const { shipment } = await createShipment(db, {
    shipperId: shipper.user.id,
    status,
    driverId: status === "POSTED" || status === "DRAFT" ? null : driver.user.id,
  });
  return { shipper, driver, admin, otherShipper, otherDriver, shipment };
}

const send = (caller: Awaited<ReturnType<typeof signedIn>>["caller"], shipmentId: string, body: string) =>
  caller.chat.send({ shipmentId, clientId: randomUUID(), body });

describe("chat access", () => {
  it("lets the shipper, the assigned driver and an admin read and write; everybody else gets NOT_FOUND", async () => {
    const { shipper, driver, admin, otherShipper, otherDriver, shipment } = await scene();
    for (const [who, party] of [
      ["shipper", shipper],
      ["driver", driver],
      ["admin", admin],
    ] as const) {
      const m = await send(party.caller, shipment.id, `hello from ${who}`);
      expect(m).toMatchObject({ senderId: party.user.id, body: `hello from ${who}` });
    }
    const history = await shipper.caller.chat.history({ shipmentId: shipment.id });
    expect(history.messages.map((m) => m.body)).toEqual([
      "hello from shipper",
      "hello from driver",
      "hello from admin",
    ]);
    expect(history.messages.map((m) => m.senderRole)).toEqual(["SHIPPER", "DRIVER", "ADMIN"]);
    // The parties the typing indicator may name: the shipper and the assigned driver, as the app knows them.
    expect(history.parties.map((p) => p.id).sort()).toEqual([shipper.user.id, driver.user.id].sort());
    expect(history.parties.find((p) => p.id === driver.user.id)?.name).toBe(driver.user.name);

    for (const stranger of [otherShipper, otherDriver]) {
      await expect(send(stranger.caller, shipment.id, "hi")).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(stranger.caller.chat.history({ shipmentId: shipment.id })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(
        stranger.caller.chat.markRead({ shipmentId: shipment.id, upTo: history.messages[0]!.id }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(shipper.caller.chat.history({ shipmentId: "s-missing" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("shuts a released driver out of the conversation", async () => {
    const { shipper, driver, shipment } = await scene("ASSIGNED");
    await send(driver.caller, shipment.id, "on my way");
    await driver.caller.driver.release({ id: shipment.id });
    await expect(driver.caller.chat.history({ shipmentId: shipment.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(send(driver.caller, shipment.id, "still here?")).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The shipper keeps the history.
    expect((await shipper.caller.chat.history({ shipmentId: shipment.id })).messages).toHaveLength(1);
  });

  it("shows a driver only their own assignment's messages: not what was said before, nor to an earlier driver", async () => {
    const { shipper, driver, otherDriver, shipment } = await scene("ASSIGNED");
    await send(shipper.caller, shipment.id, "gate code 1111, for the first driver");
    await driver.caller.driver.release({ id: shipment.id });
    await send(shipper.caller, shipment.id, "reposted: new gate code 2222");
    // Another driver takes it, then the first one again after a release: each sees only from their own acceptance.
    await otherDriver.caller.driver.accept({ id: shipment.id });
    const seenBySecond = await otherDriver.caller.chat.history({ shipmentId: shipment.id });
    expect(seenBySecond.messages).toEqual([]);
    await send(shipper.caller, shipment.id, "hello second driver, code 3333");
    expect((await otherDriver.caller.chat.history({ shipmentId: shipment.id })).messages.map((m) => m.body)).toEqual([
      "hello second driver, code 3333",
    ]);
    await otherDriver.caller.driver.release({ id: shipment.id });
    await driver.caller.driver.accept({ id: shipment.id });
    const back = await driver.caller.chat.history({ shipmentId: shipment.id });
    expect(back.messages).toEqual([]);
    const earlier = await shipper.caller.chat.history({ shipmentId: shipment.id });
    expect(earlier.messages).toHaveLength(3);
    // Nor through the catch-up read, the unread counts or a read receipt on a message from before.
    const first = earlier.messages[0]!;
    const since = await driver.caller.chat.since({
      shipmentId: shipment.id,
      after: { id: "0", at: new Date(0).toISOString() },
    });
    expect(since.messages).toEqual([]);
    expect((await driver.caller.chat.unreadCounts()).total).toBe(0);
    await expect(driver.caller.chat.markRead({ shipmentId: shipment.id, upTo: first.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // The shipper keeps everything.
    expect((await shipper.caller.chat.history({ shipmentId: shipment.id })).messages).toHaveLength(3);
  });

  it("is read-only once the shipment is closed, and not open on a draft", async () => {
    const closed = await scene("COMPLETED");
    await expect(send(closed.shipper.caller, closed.shipment.id, "thanks")).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const history = await closed.shipper.caller.chat.history({ shipmentId: closed.shipment.id });
    expect(history).toMatchObject({ writable: false, closedNote: expect.stringContaining("read-only") });

    const draft = await scene("DRAFT");
    await expect(send(draft.shipper.caller, draft.shipment.id, "hi")).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("chat.send", () => {
  it("refuses 2,001 characters (and blank text) with a field error, and keeps 2,000", async () => {
    const { shipper, shipment } = await scene();
    const error = await send(shipper.caller, shipment.id, "x".repeat(2001)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(z.flattenError((error as TRPCError).cause as z.ZodError).fieldErrors).toEqual({
      body: ["Messages can be at most 2,000 characters."],
    });
    const blank = await send(shipper.caller, shipment.id, "  \u200B \n ").catch((e: unknown) => e);
    expect((blank as TRPCError).code).toBe("BAD_REQUEST");
    const longest = await send(shipper.caller, shipment.id, ` ${"y".repeat(2000)} `);
    expect(longest.body).toHaveLength(2000);
    expect(await db.message.count({ where: { shipmentId: shipment.id } })).toBe(1);
  });

  it("stores a resend with the same clientId once and publishes it once", async () => {
    const { shipper, driver, shipment } = await scene();
    const channel = await listen(shipmentChannel(shipment.id, shipment.driverId));
    const driverFeed = await listen(userChannel(driver.user.id));
    const clientId = randomUUID();
    const first = await shipper.caller.chat.send({ shipmentId: shipment.id, clientId, body: "Gate code 4711" });
    const again = await shipper.caller.chat.send({ shipmentId: shipment.id, clientId, body: "Gate code 4711" });
    expect(again).toEqual(first);
    const [a, b] = await Promise.all([
      shipper.caller.chat.send({ shipmentId: shipment.id, clientId: randomUUID(), body: "marker" }),
      shipper.caller.chat.send({ shipmentId: shipment.id, clientId, body: "Gate code 4711" }),
    ]);
    expect(b).toEqual(first);
    expect(await db.message.count({ where: { shipmentId: shipment.id } })).toBe(2);

    // Events arrive in publish order: once the marker is here, any duplicate would have been too.
    const event = (await channel.next("message")) as TMessageEvent;
    expect(event).toMatchObject({ id: first.id, clientId, body: "Gate code 4711", senderRole: "SHIPPER" });
    await channel.next("message", { where: (d) => (d as TMessageEvent).id === a.id });
    expect(
      channel.events.filter((e) => e.event === "message" && (e.data as TMessageEvent).id === first.id),
    ).toHaveLength(1);
    expect(await driverFeed.next("unread")).toEqual({ shipmentId: shipment.id });
  });

  it("answers a reused clientId on another shipment with CONFLICT", async () => {
    const { shipper, shipment } = await scene();
    const { shipment: second } = await createShipment(db, { shipperId: shipper.user.id, status: "POSTED" });
    const clientId = randomUUID();
    await shipper.caller.chat.send({ shipmentId: shipment.id, clientId, body: "one" });
    await expect(shipper.caller.chat.send({ shipmentId: second.id, clientId, body: "one" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("caps a sender at 20 messages a minute even when 30 arrive at once", async () => {
    const { driver, shipment } = await scene();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => send(driver.caller, shipment.id, `message ${i}`)),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason as TRPCError);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect(refused).toHaveLength(10);
    for (const e of refused) {
      expect(e.code).toBe("TOO_MANY_REQUESTS");
      expect(e.message).toMatch(/^You are sending messages too fast\. Try again in (\d+ seconds?|1 minute)\.$/);
    }
    expect(await db.message.count({ where: { shipmentId: shipment.id } })).toBe(20);
  });
});

describe("chat.history and chat.since", () => {
  it("pages backwards through messages that share a timestamp without repeating or skipping one", async () => {
    const { shipper, driver, shipment } = await scene();
    const at = new Date("2026-03-01T10:00:00.000Z");
    // The driver took the job before these messages (a driver reads from their acceptance on).
    await db.shipment.update({
      where: { id: shipment.id },
      data: { assignedAt: new Date("2026-02-28T10:00:00.000Z") },
    });
    // 7 messages in the same millisecond, then 5 a second later.
    await db.message.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        shipmentId: shipment.id,
        senderId: i % 2 ? driver.user.id : shipper.user.id,
        body: `m${i}`,
        createdAt: i < 7 ? at : new Date(at.getTime() + 1000),
      })),
    });
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof shipper.caller.chat.history>> = await shipper.caller.chat.history({
        shipmentId: shipment.id,
        before,
        limit: 5,
      });
      const times = page.messages.map((m) => m.createdAt.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
      seen.unshift(...page.messages.map((m) => m.id));
      before = page.nextCursor;
      pages++;
    } while (before);
    expect(pages).toBe(3);
    const all = await db.message.findMany({
      where: { shipmentId: shipment.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(seen).toEqual(all.map((m) => m.id));

    // Catching up after the 4th message (inside the same-millisecond run) returns exactly the 8 after it.
    const fourth = all[3]!;
    const since = await driver.caller.chat.since({
      shipmentId: shipment.id,
      after: { id: fourth.id, at: fourth.createdAt.toISOString() },
    });
    expect(since).toEqual({ messages: expect.any(Array), hasMore: false });
    expect(since.messages.map((m) => m.id)).toEqual(all.slice(4).map((m) => m.id));

    await expect(
      shipper.caller.chat.history({ shipmentId: shipment.id, before: "bm90LWEtY3Vyc29y" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(shipper.caller.chat.history({ shipmentId: shipment.id, limit: 51 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("since returns at most 100 and says there are more", async () => {
    const { shipper, driver, shipment } = await scene();
    const first = await send(shipper.caller, shipment.id, "first");
    await db.message.createMany({
      data: Array.from({ length: 101 }, (_, i) => ({
        shipmentId: shipment.id,
        senderId: driver.user.id,
        body: `${i}`,
      })),
    });
    const since = await shipper.caller.chat.since({
      shipmentId: shipment.id,
      after: { id: first.id, at: first.createdAt.toISOString() },
    });
    expect(since.messages).toHaveLength(100);
    expect(since.hasMore).toBe(true);
  });
});

describe("chat.markRead and chat.unreadCounts", () => {
  it("counts others' messages after the read position, moves it forward only, and publishes read and unread", async () => {
    const { shipper, driver, admin, shipment } = await scene();
    const { shipment: other } = await createShipment(db, {
      shipperId: shipper.user.id,
      status: "IN_TRANSIT",
      driverId: driver.user.id,
    });
    await send(shipper.caller, shipment.id, "my own message is never unread to me");
    const d1 = await send(driver.caller, shipment.id, "one");
    await send(driver.caller, shipment.id, "two");
    const d3 = await send(driver.caller, shipment.id, "three");
    await send(driver.caller, other.id, "elsewhere");
    await send(admin.caller, shipment.id, "admin here");

    expect(await shipper.caller.chat.unreadCounts()).toEqual({
      total: 5,
      byShipment: [
        { shipmentId: shipment.id, reference: shipment.reference, count: 4 },
        { shipmentId: other.id, reference: other.reference, count: 1 },
      ],
    });
    // Sending reads the conversation up to one's own message: the driver has only the admin's left to read.
    expect((await driver.caller.chat.unreadCounts()).total).toBe(1);
    // An admin counts only conversations they have opened: the one they wrote in, nothing unread after their message.
    expect(await admin.caller.chat.unreadCounts()).toEqual({ total: 0, byShipment: [] });

    const channel = await listen(shipmentChannel(shipment.id, shipment.driverId));
    const mine = await listen(userChannel(shipper.user.id));
    const read = await shipper.caller.chat.markRead({ shipmentId: shipment.id, upTo: d3.id });
    expect(read.lastReadAt).toEqual(d3.createdAt);
    expect(await channel.next("read")).toEqual({
      shipmentId: shipment.id,
      userId: shipper.user.id,
      lastReadAt: d3.createdAt.toISOString(),
    });
    expect(await mine.next("unread")).toEqual({ shipmentId: shipment.id });
    // Only the admin's message, written after d3, is left unread here.
    expect((await shipper.caller.chat.unreadCounts()).byShipment).toEqual([
      { shipmentId: shipment.id, reference: shipment.reference, count: 1 },
      { shipmentId: other.id, reference: other.reference, count: 1 },
    ]);

    // A late request for an older message does not move the position back.
    const late = await shipper.caller.chat.markRead({ shipmentId: shipment.id, upTo: d1.id });
    expect(late.lastReadAt).toEqual(d3.createdAt);
    const history = await driver.caller.chat.history({ shipmentId: shipment.id });
    expect(history.reads).toContainEqual({ userId: shipper.user.id, lastReadAt: d3.createdAt });

    await expect(shipper.caller.chat.markRead({ shipmentId: shipment.id, upTo: "m-missing" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A message of another shipment is not a position in this one.
    const elsewhere = await db.message.findFirstOrThrow({ where: { shipmentId: other.id } });
    await expect(shipper.caller.chat.markRead({ shipmentId: shipment.id, upTo: elsewhere.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("drops a released driver's job from their unread counts", async () => {
    const { shipper, driver, shipment } = await scene();
    await send(shipper.caller, shipment.id, "where are you?");
    expect((await driver.caller.chat.unreadCounts()).total).toBe(1);
    await driver.caller.driver.release({ id: shipment.id });
    expect(await driver.caller.chat.unreadCounts()).toEqual({ total: 0, byShipment: [] });
  });
});
