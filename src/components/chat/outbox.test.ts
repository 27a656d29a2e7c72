import "fake-indexeddb/auto";

import { afterEach, describe, expect, it } from "vitest";

import {
  closeOutbox,
  enqueue,
  flushOutbox,
  outboxFor,
  removeFromOutbox,
  retryEntry,
  type TOutboxEntry,
  type TSendOutcome,
} from "./outbox";

afterEach(async () => {
  for (const e of [...(await outboxFor("s1", "u1")), ...(await outboxFor("s2", "u1"))]) {
    await removeFromOutbox(e.clientId);
  }
});

const queue = (clientId: string, shipmentId = "s1") =>
  enqueue({ clientId, shipmentId, senderId: "u1", body: clientId });

describe("chat outbox", () => {
  it("keeps messages across a new connection (a reload) until they are sent, in the order they were written", async () => {
    await queue("a");
    await queue("b");
    await queue("c", "s2");
    await closeOutbox();
    expect((await outboxFor("s1", "u1")).map((e) => [e.clientId, e.state])).toEqual([
      ["a", "waiting"],
      ["b", "waiting"],
    ]);
    expect(await outboxFor("s1", "someone-else")).toEqual([]);
  });

  it("stops at a network failure, keeps everything, and sends each entry exactly once when it is back", async () => {
    await queue("a");
    await queue("b");
    const calls: string[] = [];
    const offline = async (e: TOutboxEntry): Promise<TSendOutcome<string>> => {
      calls.push(e.clientId);
      return { ok: false, retry: true };
    };
    expect(await flushOutbox("s1", "u1", offline)).toEqual([]);
    expect(calls).toEqual(["a"]);
    expect((await outboxFor("s1", "u1")).map((e) => e.clientId)).toEqual(["a", "b"]);

    calls.length = 0;
    const online = async (e: TOutboxEntry): Promise<TSendOutcome<string>> => {
      calls.push(e.clientId);
      await new Promise((r) => setTimeout(r, 5));
      return { ok: true, value: `stored ${e.clientId}` };
    };
    // Two triggers at once (the `online` event and the channel's resubscription) must not send twice.
    const [first, second] = await Promise.all([flushOutbox("s1", "u1", online), flushOutbox("s1", "u1", online)]);
    expect([...first, ...second].sort()).toEqual(["stored a", "stored b"]);
    expect(calls.sort()).toEqual(["a", "b"]);
    expect(await outboxFor("s1", "u1")).toEqual([]);
  });

  it("marks a refused message failed, skips it until retried, and sends it after Retry", async () => {
    await queue("a");
    const refuse = async (): Promise<TSendOutcome<string>> => ({ ok: false, retry: false, error: "Too fast." });
    await flushOutbox("s1", "u1", refuse);
    expect(await outboxFor("s1", "u1")).toMatchObject([{ clientId: "a", state: "failed", error: "Too fast." }]);

    const calls: string[] = [];
    const accept = async (e: TOutboxEntry): Promise<TSendOutcome<string>> => {
      calls.push(e.clientId);
      return { ok: true, value: e.clientId };
    };
    expect(await flushOutbox("s1", "u1", accept)).toEqual([]);
    await retryEntry("a");
    expect(await flushOutbox("s1", "u1", accept)).toEqual(["a"]);
    expect(calls).toEqual(["a"]);
  });

  it("sends overlapping flushes one after the other, so the server stores messages in the order they were written", async () => {
    await queue("first");
    const order: string[] = [];
    let release!: () => void;
    const firstHeld = new Promise<void>((resolve) => (release = resolve));
    const send = async (entry: TOutboxEntry): Promise<TSendOutcome<string>> => {
      if (entry.clientId === "first") await firstHeld; // the first message is still on the wire...
      order.push(entry.clientId);
      return { ok: true, value: entry.clientId };
    };
    const one = flushOutbox("s1", "u1", send);
    await queue("second"); // ...when the next one is written and its own flush starts
    const two = flushOutbox("s1", "u1", send);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([one, two]);
    expect(order).toEqual(["first", "second"]);
    expect(await outboxFor("s1", "u1")).toEqual([]);
  });
});
