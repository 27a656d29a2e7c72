import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import type { TPingInput } from "~/lib/schemas/tracking";

import { createMemoryPingQueue, openPingQueue, pingQueueName } from "./ping-queue";

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

function ping(secondsAfterT0: number, lat = 41.8): TPingInput {
  return { shipmentId: "cmshipment000000000000001", lat, lng: -87.6, recordedAt: T0 + secondsAfterT0 * 1_000 };
}

describe("openPingQueue (IndexedDB)", () => {
  it("keeps each driver's outbox apart: on a shared phone, one's waiting pings are not another's to send", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(pingQueueName(a)).not.toBe(pingQueueName(b));
    const first = await openPingQueue(pingQueueName(a));
    await first.add(ping(1));
    await first.add(ping(2));
    first.close();

    // Driver b signs in on the same phone: their outbox is empty, and driver a's pings still wait for driver a.
    const second = await openPingQueue(pingQueueName(b));
    expect(await second.count()).toBe(0);
    second.close();
    const again = await openPingQueue(pingQueueName(a));
    expect((await again.peek(10)).map((p) => p.recordedAt)).toEqual([T0 + 1_000, T0 + 2_000]);
    again.close();
  });

  it("replays in recorded order after a reload, whatever the order pings were queued in", async () => {
    const name = `pings-${randomUUID()}`;
    const before = await openPingQueue(name);
    for (const s of [5, 1, 3, 2, 4]) await before.add(ping(s));
    before.close();

    // A new page: a new connection to the same database.
    const after = await openPingQueue(name);
    expect((await after.peek(100)).map((p) => p.recordedAt)).toEqual([1, 2, 3, 4, 5].map((s) => T0 + s * 1_000));
    expect(await after.count()).toBe(5);
    expect((await after.peek(2)).map((p) => p.recordedAt)).toEqual([T0 + 1_000, T0 + 2_000]);
    after.close();
  });

  it("stores a fix queued twice once (recordedAt is the key; the later copy wins)", async () => {
    const queue = await openPingQueue(`pings-${randomUUID()}`);
    await queue.add(ping(1, 41.8));
    await queue.add(ping(1, 41.9));
    expect(await queue.peek(10)).toEqual([ping(1, 41.9)]);
    queue.close();
  });

  it("removes exactly the pings named, ignoring unknown times", async () => {
    const queue = await openPingQueue(`pings-${randomUUID()}`);
    for (const s of [1, 2, 3, 4]) await queue.add(ping(s));
    await queue.remove([T0 + 2_000, T0 + 4_000, T0 + 99_000]);
    expect((await queue.peek(10)).map((p) => p.recordedAt)).toEqual([T0 + 1_000, T0 + 3_000]);
    queue.close();
  });

  it("removes pings recorded before a time, and says how many", async () => {
    const queue = await openPingQueue(`pings-${randomUUID()}`);
    for (const s of [1, 2, 3]) await queue.add(ping(s));
    expect(await queue.removeOlderThan(T0 + 3_000)).toBe(2);
    expect((await queue.peek(10)).map((p) => p.recordedAt)).toEqual([T0 + 3_000]);
    queue.close();
  });
});

describe("createMemoryPingQueue (no IndexedDB)", () => {
  it("keeps the same order and removal rules", async () => {
    const queue = createMemoryPingQueue();
    for (const s of [3, 1, 2, 1]) await queue.add(ping(s));
    expect((await queue.peek(10)).map((p) => p.recordedAt)).toEqual([1, 2, 3].map((s) => T0 + s * 1_000));
    await queue.remove([T0 + 2_000]);
    expect(await queue.removeOlderThan(T0 + 2_000)).toBe(1);
    expect(await queue.count()).toBe(1);
  });
});
