// The phone's queue of proofs of delivery, with an in-memory store and a fake server that behaves as the real one
// does with idempotency keys (a replay of a stored key answers delivered and stores nothing more).
import { describe, expect, it } from "vitest";

import {
  newSubmissionKey,
  ProofRefused,
  ProofRetryLater,
  SENT_KEPT_MS,
  sendAllPendingProofs,
  sendPendingProof,
  type TDeliverInput,
  type TPendingProof,
  type TProofSender,
  type TProofStore,
} from "./pod-outbox";

function memoryStore(): TProofStore & { rows: Map<string, TPendingProof> } {
  const rows = new Map<string, TPendingProof>();
  return {
    rows,
    get: async (id) => rows.get(id),
    put: async (p) => void rows.set(p.shipmentId, p),
    delete: async (id) => void rows.delete(id),
    list: async () => [...rows.values()],
  };
}

/** A server: uploads give ids, deliveries are stored once per key; `down` makes calls fail without an answer. */
function fakeServer() {
  const server = {
    down: false,
    /** The next delivery is stored, but its answer is lost on the way back. */
    loseNextAnswer: false,
    refuse: null as ProofRefused | null,
    uploads: [] as { route: string; name: string; size: number }[],
    deliveries: [] as TDeliverInput[],
    proofs: new Map<string, TDeliverInput>(),
  };
  const sender: TProofSender = {
    async upload(route, file) {
      if (server.down) throw new ProofRetryLater("offline");
      server.uploads.push({ route, name: file.name, size: file.size });
      return `file-${server.uploads.length}`;
    },
    async deliver(input) {
      if (server.down) throw new ProofRetryLater("offline");
      server.deliveries.push(input);
      if (server.refuse) throw server.refuse;
      if (!server.proofs.has(input.idempotencyKey)) server.proofs.set(input.idempotencyKey, input);
      if (server.loseNextAnswer) {
        server.loseNextAnswer = false;
        throw new ProofRetryLater("the answer was lost");
      }
    },
  };
  return { server, sender };
}

function waiting(over: Partial<TPendingProof> = {}): TPendingProof {
  return {
    shipmentId: "s1",
    key: "5b4f5a52-2f5e-4c3e-9d55-0b7c2d7f3a10",
    state: "waiting",
    code: "123456",
    recipientName: "Dana Dock",
    lat: 43.04,
    lng: -87.91,
    photo: { blob: new Blob([new Uint8Array(10)], { type: "image/jpeg" }), name: "cargo.jpg", type: "image/jpeg" },
    signature: { blob: new Blob([new Uint8Array(5)], { type: "image/png" }), name: "signature.png", type: "image/png" },
    capturedAt: Date.UTC(2026, 10, 30, 14, 5),
    attempts: 0,
    ...over,
  };
}

describe("sending a proof kept on the phone", () => {
  it("uploads photo and signature, delivers with the key and capture time, then keeps only when it was sent", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    await store.put(waiting());
    const sentAt = Date.UTC(2026, 10, 30, 14, 30);
    const after = await sendPendingProof(store, sender, "s1", () => sentAt);
    expect(server.uploads).toEqual([
      { route: "podPhoto", name: "cargo.jpg", size: 10 },
      { route: "podSignature", name: "signature.png", size: 5 },
    ]);
    expect(server.deliveries).toEqual([
      {
        id: "s1",
        idempotencyKey: waiting().key,
        capturedAt: new Date(waiting().capturedAt),
        code: "123456",
        recipientName: "Dana Dock",
        lat: 43.04,
        lng: -87.91,
        photoFileId: "file-1",
        signatureFileId: "file-2",
      },
    ]);
    // Nothing of the proof stays on the phone once the server has it: no code, name, photo or signature.
    expect(after).toEqual({
      shipmentId: "s1",
      key: waiting().key,
      state: "sent",
      capturedAt: waiting().capturedAt,
      sentAt,
      attempts: 0,
    });
    expect(store.rows.get("s1")).toEqual(after);
  });

  it("offline: stays waiting and counts the try; back online it is sent once, without uploading again", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    await store.put(waiting());
    server.down = true;
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({ state: "waiting", attempts: 1 });
    expect(store.rows.get("s1")?.photo).toBeDefined();

    // The connection drops between the uploads and the delivery: the uploads are remembered.
    server.down = false;
    const realDeliver = sender.deliver;
    sender.deliver = async () => {
      throw new ProofRetryLater("offline");
    };
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({
      state: "waiting",
      attempts: 2,
      photoFileId: "file-1",
      signatureFileId: "file-2",
    });
    sender.deliver = realDeliver;
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({ state: "sent" });
    expect(server.uploads).toHaveLength(2);
    expect(server.proofs.size).toBe(1);
    // Sending again has nothing to do.
    await sendPendingProof(store, sender, "s1");
    expect(server.deliveries).toHaveLength(1);
  });

  it("a lost answer is sent again with the same key, and the server keeps one proof", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    await store.put(waiting());
    server.loseNextAnswer = true;
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({ state: "waiting" });
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({ state: "sent" });
    expect(server.deliveries.map((d) => d.idempotencyKey)).toEqual([waiting().key, waiting().key]);
    expect(server.proofs.size).toBe(1);
  });

  it("a refusal is kept with its message and field errors, and a refused photo is not offered again", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    await store.put(waiting());
    server.refuse = new ProofRefused("That code is not correct. 4 tries left.", {
      code: "That code is not correct. 4 tries left.",
    });
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({
      state: "refused",
      message: "That code is not correct. 4 tries left.",
      fieldErrors: { code: "That code is not correct. 4 tries left." },
      photoFileId: "file-1",
      signatureFileId: "file-2",
    });
    // Refused is final for this submission: no further try until the driver submits again.
    server.refuse = null;
    expect(await sendPendingProof(store, sender, "s1")).toMatchObject({ state: "refused" });
    expect(server.deliveries).toHaveLength(1);

    await store.put(waiting({ shipmentId: "s2" }));
    server.refuse = new ProofRefused("This photo was not taken for this delivery.", { photo: "Take it again." });
    const refused = await sendPendingProof(store, sender, "s2");
    expect(refused?.photoFileId).toBeUndefined();
    expect(refused?.signatureFileId).toBe("file-4");
  });

  it("calls at the same moment (online event, timer, form) share one send", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    await store.put(waiting());
    const results = await Promise.all([
      sendPendingProof(store, sender, "s1"),
      sendPendingProof(store, sender, "s1"),
      sendPendingProof(store, sender, "s1"),
    ]);
    expect(results.map((r) => r?.state)).toEqual(["sent", "sent", "sent"]);
    expect(server.uploads).toHaveLength(2);
    expect(server.deliveries).toHaveLength(1);
  });

  it("sendAllPendingProofs sends every waiting proof and forgets sent records after a week", async () => {
    const store = memoryStore();
    const { server, sender } = fakeServer();
    const now = Date.UTC(2026, 10, 30, 15);
    await store.put(waiting({ shipmentId: "a", key: newSubmissionKey() }));
    await store.put(waiting({ shipmentId: "b", key: newSubmissionKey() }));
    await store.put({
      shipmentId: "old",
      key: "k",
      state: "sent",
      capturedAt: 0,
      sentAt: now - SENT_KEPT_MS - 1,
      attempts: 0,
    });
    await store.put({ shipmentId: "recent", key: "k2", state: "sent", capturedAt: 0, sentAt: now - 1000, attempts: 0 });
    const after = await sendAllPendingProofs(store, sender, () => now);
    expect(Object.fromEntries(after.map((p) => [p.shipmentId, p.state]))).toEqual({
      a: "sent",
      b: "sent",
      recent: "sent",
    });
    expect(store.rows.has("old")).toBe(false);
    expect(server.proofs.size).toBe(2);
  });
});

describe("newSubmissionKey", () => {
  it("is a v4 UUID, also where crypto.randomUUID is missing (a page served over plain http)", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newSubmissionKey()).toMatch(uuid);
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 50 }, () => newSubmissionKey()));
      expect(keys.size).toBe(50);
      for (const k of keys) expect(k).toMatch(uuid);
    } finally {
      Object.defineProperty(crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});
