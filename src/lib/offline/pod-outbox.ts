// The proof of delivery kept on the phone until it reaches the server: offline at the dock, the driver's proof
// (photo, signature image, recipient's name, code, position, time) is saved first and sent when the network returns,
// once. "Once" rests on the submission's idempotency key: the server answers a replay of a stored proof as delivered
// (src/server/services/shipments/lifecycle.ts deliver), so a send whose answer was lost can simply be sent again.
// Storage and the network are passed in (IndexedDB and tRPC in the browser: pod-outbox-idb.ts, pending-proof.tsx),
// so the rules here are tested without either.

/** A file kept on the phone: its bytes and what the upload needs to name it. */
export type TQueuedFile = { blob: Blob; name: string; type: string };

export type TPendingProofState = "waiting" | "sent" | "refused";

/** One load's proof on the phone (at most one per load: a new submission replaces a refused or waiting one). */
export type TPendingProof = {
  shipmentId: string;
  /** The submission's idempotency key (a UUID), sent with every try. */
  key: string;
  state: TPendingProofState;
  code?: string;
  recipientName?: string;
  /** Degrees (WGS 84), when the phone had a position. */
  lat?: number;
  lng?: number;
  photo?: TQueuedFile;
  signature?: TQueuedFile;
  /** File row ids once the uploads went through: a later try does not upload them again. */
  photoFileId?: string;
  signatureFileId?: string;
  /** Epoch ms, the phone's clock: when the driver gave the proof, and when the server accepted it. */
  capturedAt: number;
  sentAt?: number;
  /** Tries that reached no answer (offline, server down). */
  attempts: number;
  /** Why the server refused it (state "refused"): a sentence and messages per field (`code`, `photo`, …). */
  message?: string;
  fieldErrors?: Record<string, string>;
};

/** Where pending proofs live (IndexedDB on the phone; a Map in tests). Keyed by shipmentId. */
export type TProofStore = {
  get(shipmentId: string): Promise<TPendingProof | undefined>;
  put(proof: TPendingProof): Promise<void>;
  delete(shipmentId: string): Promise<void>;
  list(): Promise<TPendingProof[]>;
};

export type TDeliverInput = {
  id: string;
  idempotencyKey: string;
  capturedAt: Date;
  code?: string;
  recipientName?: string;
  lat?: number;
  lng?: number;
  photoFileId?: string;
  signatureFileId?: string;
};

/**
 * The network side. Each call resolves, or throws ProofRetryLater when no answer came (offline, timeout, a server
 * error worth retrying), or ProofRefused when the server said no (its message and field errors).
 */
export type TProofSender = {
  upload(route: "podPhoto" | "podSignature", file: File, shipmentId: string): Promise<string>;
  deliver(input: TDeliverInput): Promise<void>;
};

/** No answer: the proof stays on the phone and is tried again later. */
export class ProofRetryLater extends Error {}

/** The server's refusal: shown to the driver, who corrects the proof and delivers again. */
export class ProofRefused extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Sent proofs are kept (without their contents) this long to say when they were sent, then forgotten. */
export const SENT_KEPT_MS = 7 * 24 * 3600_000;

/** What a sent proof keeps: no code, name, photo or signature stays on the phone once the server has them. */
function sentRecord(p: TPendingProof, sentAt: number): TPendingProof {
  return {
    shipmentId: p.shipmentId,
    key: p.key,
    state: "sent",
    capturedAt: p.capturedAt,
    sentAt,
    attempts: p.attempts,
  };
}

const asFile = (f: TQueuedFile) => new File([f.blob], f.name, { type: f.type });

// One send per load at a time in this tab (the "online" event, a timer and the form may all ask at once).
const inFlight = new Map<string, Promise<TPendingProof | undefined>>();

/**
 * Sends load `shipmentId`'s waiting proof from `store` through `sender`: the photo and signature uploads not yet
 * done (their file ids are saved after each, so a retry skips them), then the delivery with the idempotency key.
 * Resolves to the proof as stored afterwards: "sent" (contents dropped, `sentAt` set), still "waiting" (no answer;
 * `attempts` counted), or "refused" (message and field errors). Nothing to send resolves to what is stored (or
 * undefined). Concurrent calls for one load share one send.
 */
export function sendPendingProof(
  store: TProofStore,
  sender: TProofSender,
  shipmentId: string,
  now: () => number = Date.now,
): Promise<TPendingProof | undefined> {
  const running = inFlight.get(shipmentId);
  if (running) return running;
  const run = sendOnce(store, sender, shipmentId, now).finally(() => inFlight.delete(shipmentId));
  inFlight.set(shipmentId, run);
  return run;
}

async function sendOnce(
  store: TProofStore,
  sender: TProofSender,
  shipmentId: string,
  now: () => number,
): Promise<TPendingProof | undefined> {
  let p = await store.get(shipmentId);
  if (!p || p.state !== "waiting") return p;
  try {
    if (p.photo && !p.photoFileId) {
      p = { ...p, photoFileId: await sender.upload("podPhoto", asFile(p.photo), shipmentId) };
      await store.put(p);
    }
    if (p.signature && !p.signatureFileId) {
      p = { ...p, signatureFileId: await sender.upload("podSignature", asFile(p.signature), shipmentId) };
      await store.put(p);
    }
    await sender.deliver({
      id: shipmentId,
      idempotencyKey: p.key,
      capturedAt: new Date(p.capturedAt),
      code: p.code || undefined,
      recipientName: p.recipientName || undefined,
      lat: p.lat,
      lng: p.lng,
      photoFileId: p.photoFileId,
      signatureFileId: p.signatureFileId,
    });
  } catch (error) {
    if (error instanceof ProofRefused) {
      // A refused file is not offered again: the driver takes the photo or signature anew.
      const drop = { photo: "photo" in error.fieldErrors, signature: "signature" in error.fieldErrors };
      p = {
        ...p,
        state: "refused",
        message: error.message,
        fieldErrors: error.fieldErrors,
        photoFileId: drop.photo ? undefined : p.photoFileId,
        signatureFileId: drop.signature ? undefined : p.signatureFileId,
      };
    } else {
      p = { ...p, attempts: p.attempts + 1 };
    }
    await store.put(p);
    return p;
  }
  const sent = sentRecord(p, now());
  await store.put(sent);
  return sent;
}

/**
 * Sends every waiting proof in `store` (see sendPendingProof) and forgets sent records older than SENT_KEPT_MS.
 * Resolves to the proofs as stored afterwards.
 */
export async function sendAllPendingProofs(
  store: TProofStore,
  sender: TProofSender,
  now: () => number = Date.now,
): Promise<TPendingProof[]> {
  const out: TPendingProof[] = [];
  for (const p of await store.list()) {
    if (p.state === "sent" && p.sentAt !== undefined && now() - p.sentAt > SENT_KEPT_MS) {
      await store.delete(p.shipmentId);
      continue;
    }
    const after = p.state === "waiting" ? await sendPendingProof(store, sender, p.shipmentId, now) : p;
    if (after) out.push(after);
  }
  return out;
}

/** A new submission's idempotency key: a random UUID (crypto.randomUUID needs a secure context; this does not). */
export function newSubmissionKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
