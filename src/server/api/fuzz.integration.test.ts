// No input to any procedure may produce a 500 (hardening issue, section 3). Calls EVERY procedure of the app
// router as anonymous, shipper, driver and admin with hostile input from fast-check (fixed seed): arbitrary
// values, strings with NUL, lone surrogates and bidi controls, huge and non-finite numbers, dates at the edges,
// deep nesting, wrong types; each field of a valid input set to each edge value of its kind; and random mutations
// of a valid input, so that validation passes and services are reached.
// Then feeds the real HTTP route handler malformed requests. Prints how many cases ran.
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { callerWith, sessionFor } from "../../../scripts/test/helpers";
import { createShipment, createUser, DEMO_PASSWORD } from "../../../prisma/factories";
import { GET, POST } from "~/app/api/trpc/[trpc]/route";
import type { Role } from "~/generated/prisma/enums";
import { appRouter } from "~/server/api/root";
import { isAllowed, permissions } from "~/server/auth/rbac";
import { db } from "~/server/db";
import { TRPC_MAX_BATCH_SIZE } from "~/trpc/batch";

const SEED = 20_261_130;
const procedurePaths = Object.keys(appRouter._def.procedures).sort();
const who = ["anonymous", "SHIPPER", "DRIVER", "ADMIN"] as const;

// ─── Hostile values ──────────────────────────────────────────────────────────

const hostileChars = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "\u202A",
  "\u202E",
  "\u2066",
  "\u2069",
  "\u200B",
  "\uFEFF",
  "\uFFFF",
  "\n",
  "\t",
  " ",
  "%",
  "_",
  "'",
  '"',
  "\\",
  "|",
  "😀",
];
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(..."aZ09-_+@.:/ ") },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...hostileChars) },
);
const b64 = (s: string) => Buffer.from(s).toString("base64url");
/** A well-formed keyset cursor (as the lists hand out), so the paging path is reached and then mutated. */
const pageCursor = () => b64(`${new Date().toISOString()}|fuzzcursor01`);
const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: char, maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "a".repeat(10_000),
      "\u0000".repeat(300),
      "\uD800".repeat(300),
      "x".repeat(1_000_000),
      "+1 312 555 0100",
      "2026-03-10T14:00:00Z",
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      "9999-12-31T23:59:59Z",
      "NaN",
      "Infinity",
      "__proto__",
      "constructor",
      "1e400",
      // Keyset cursors that decode to hostile contents.
      b64("2026-01-01T00:00:00.000Z|\u0000"),
      b64("+275760-09-13T00:00:00.000Z|s1"),
      b64("-271821-04-20T00:00:00.000Z|s1"),
      b64("0|s1"),
      b64("|"),
      b64(`2026-01-01T00:00:00.000Z|${"z".repeat(120)}`),
    ),
  },
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MAX_VALUE,
    2 ** 31,
    2 ** 31 - 1,
    -(2 ** 31),
    2 ** 53,
    2 ** 53 + 2,
    1e21,
  ),
);
const hostileDate = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.date({ min: new Date("1999-06-01T00:00:00Z"), max: new Date("2101-06-01T00:00:00Z") }),
  fc.constantFrom(
    new Date(NaN),
    new Date(8.64e15),
    new Date(-8.64e15),
    new Date(0),
    new Date("+010000-01-01T00:00:00Z"),
    new Date("2100-12-31T23:59:59.999Z"),
    new Date("2101-01-01T00:00:00Z"),
    new Date("1999-12-31T23:59:59.999Z"),
  ),
);
const deep = (depth: number, wrap: (inner: unknown) => unknown) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      maxDepth: 4,
      stringUnit: char,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
    }),
  },
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: hostileDate },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      undefined,
      null,
      true,
      false,
      [],
      {},
      [5],
      [""],
      10n ** 30n,
      Symbol("fuzz"),
      () => 1,
      deep(5_000, (v) => [v]),
      deep(5_000, (v) => ({ a: v })),
      Object.create(null) as unknown,
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    ),
  },
);

// ─── Mutations of a valid input ──────────────────────────────────────────────

type TPath = (string | number)[];

function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every place in `value` a mutation can hit: the root, and each key of each plain object and array (8 deep). */
function pathsOf(value: unknown, at: TPath = [], out: TPath[] = []): TPath[] {
  out.push(at);
  if (!isPlainContainer(value) || at.length >= 8) return out;
  for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

type TMutation = { at: number; op: "same-kind" | "any" | "delete" | "extra-key"; value: unknown; sameKind: TSameKind };
type TSameKind = { string: string; number: number; date: Date; boolean: boolean };

const mutation: fc.Arbitrary<TMutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("same-kind", "same-kind", "same-kind", "any", "delete", "extra-key"),
  value: hostileValue,
  sameKind: fc.record({ string: hostileString, number: hostileNumber, date: hostileDate, boolean: fc.boolean() }),
});

function applyMutations(valid: unknown, mutations: TMutation[]): unknown {
  let root: unknown = structuredClone(valid);
  for (const m of mutations) {
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length]!;
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root);
    const key = path.at(-1);
    // A value an earlier mutation shares with this one (fast-check may hand out the same instance) can change shape
    // under it; a path that no longer leads anywhere is skipped rather than crashing the harness.
    if (key !== undefined && !isPlainContainer(parent)) continue;
    const current = key === undefined ? root : (parent as Record<string | number, unknown>)[key];
    let next: unknown;
    if (m.op === "same-kind") {
      if (current instanceof Date) next = m.sameKind.date;
      else if (typeof current === "string") next = m.sameKind.string;
      else if (typeof current === "number") next = m.sameKind.number;
      else if (typeof current === "boolean") next = m.sameKind.boolean;
      else next = m.value;
    } else if (m.op === "extra-key" && isPlainContainer(current)) {
      current[m.sameKind.string] = m.value;
      continue;
    } else {
      next = m.value;
    }
    if (key === undefined) root = m.op === "delete" ? undefined : next;
    else if (m.op === "delete") delete (parent as Record<string | number, unknown>)[key];
    else (parent as Record<string | number, unknown>)[key] = next;
  }
  return root;
}

// ─── A systematic sweep: each field of a valid input set to each edge value of its kind ───

const edgeStrings = [
  "",
  "   ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "a\uDC00",
  "\u202Eabc\u202C",
  "\u2066x\u2069",
  "x".repeat(100_000),
  "%_\\",
  '\'; DROP TABLE "User"; --',
  "s0123456789abcdef01234567", // a well-formed id that names nothing
  "2026-03-10T14:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  b64("2026-01-01T00:00:00.000Z|\u0000"),
  b64("-271821-04-20T00:00:00.000Z|s1"),
  b64("+275760-09-13T00:00:00.000Z|s1"),
  b64(`2026-01-01T00:00:00.000Z|${"z".repeat(120)}`),
];
const edgeNumbers: unknown[] = [NaN, Infinity, -Infinity, -0, 0.5, -1, 1e308, 2 ** 31, 2 ** 53 + 2, "", "5", true, [5]];
const edgeDates: unknown[] = [
  new Date(NaN),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date("+010000-01-01T00:00:00Z"),
  new Date(0),
  new Date("2101-01-01T00:00:00Z"),
  "2026-03-10T14:00:00Z",
  "2026-03-10",
  "",
  0,
];
const edgeAny: unknown[] = [undefined, null, [], {}, ""];

function setAt(root: unknown, path: TPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root);
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], copy);
  (parent as Record<string | number, unknown>)[path.at(-1)!] = value;
  return copy;
}

/** Every field of `valid` set, one at a time, to each edge value of its kind and to missing, null and wrong shapes. */
function sweep(valid: unknown): unknown[] {
  const out: unknown[] = [];
  for (const path of pathsOf(valid)) {
    const current = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], valid);
    const edges =
      current instanceof Date
        ? edgeDates
        : typeof current === "string"
          ? edgeStrings
          : typeof current === "number"
            ? edgeNumbers
            : typeof current === "boolean"
              ? ["true", 1, null]
              : [];
    for (const value of [...edges, ...edgeAny]) out.push(setAt(valid, path, value));
  }
  return out;
}

// ─── Fixtures and a valid input for every procedure ──────────────────────────

type TFixtures = Awaited<ReturnType<typeof makeFixtures>>;

async function makeFixtures() {
  const users = {
    SHIPPER: await createUser(db, { role: "SHIPPER" }),
    DRIVER: await createUser(db, { role: "DRIVER", driver: { vehicleType: "BOX_TRUCK", capacityKg: 10_000 } }),
    ADMIN: await createUser(db, { role: "ADMIN" }),
  };
  // Admin actions aim at this user, so the fuzzing callers keep their roles and sessions.
  const victim = await createUser(db, { role: "DRIVER", driver: { vehicleType: "BOX_TRUCK" } });
  const shipperId = users.SHIPPER.id;
  const driverId = users.DRIVER.id;
  const shipment = async (status: Parameters<typeof createShipment>[1]["status"], withDriver = false) =>
    createShipment(db, { shipperId, status, driverId: withDriver ? driverId : undefined });
  const draft = await shipment("DRAFT");
  const draftToPost = await shipment("DRAFT");
  const posted = await shipment("POSTED");
  const postedToAccept = await shipment("POSTED");
  const postedToReassign = await shipment("POSTED");
  const assigned = await shipment("ASSIGNED", true);
  const pickedUp = await shipment("PICKED_UP", true);
  const inTransit = await shipment("IN_TRANSIT", true);
  const delivered = await shipment("DELIVERED", true);
  const spareSession = await sessionFor(shipperId);
  const t = Date.now() + 24 * 3600_000;
  const shipmentInput = {
    pickup: {
      address: "233 S Wacker Dr",
      city: "Chicago",
      lat: 41.8781,
      lng: -87.6298,
      windowStart: new Date(t),
      windowEnd: new Date(t + 4 * 3600_000),
      contactName: "Dock",
      contactPhone: "+1 312 555 0100",
    },
    dropoff: {
      address: "1 Woodward Ave",
      city: "Detroit",
      lat: 42.3314,
      lng: -83.0458,
      windowStart: new Date(t + 6 * 3600_000),
      windowEnd: new Date(t + 10 * 3600_000),
    },
    cargo: { description: "Pallets", weightKg: 900, lengthCm: 120, widthCm: 100, heightCm: 100, vehicleType: "VAN" },
    recipient: { name: "Robin Receiver", phone: "+13135550199", email: "robin@example.test" },
  };
  const firstPage = await callerWith(await sessionFor(shipperId)).shipment.list({ limit: 1 });
  return {
    users,
    victim,
    draft,
    draftToPost,
    posted,
    postedToAccept,
    postedToReassign,
    assigned,
    pickedUp,
    inTransit,
    delivered,
    spareSession,
    shipmentInput,
    cursor: firstPage.nextCursor,
  };
}

/** A valid input per procedure (undefined for those without input). The first test checks none is missing. */
const validInputs: Record<string, (f: TFixtures) => unknown> = {
  "health.status": () => undefined,
  "auth.register": () => ({
    role: "DRIVER",
    name: "Fuzz Driver",
    email: `fuzz-${Math.random().toString(36).slice(2)}@test.local`,
    password: "Fuzz-Password-2026",
    driver: { vehicleType: "VAN", capacityKg: 1_000, plate: "FZ-1234" },
  }),
  "auth.verifyEmail": () => ({ token: "a".repeat(43) }),
  "auth.requestPasswordReset": (f) => ({ email: f.victim.email }),
  "auth.resetPassword": () => ({ token: "b".repeat(43), password: "Fuzz-Password-2026" }),
  "auth.resendVerification": () => undefined,
  "account.me": () => undefined,
  "account.updateProfile": () => ({
    name: "Fuzz Name",
    phone: "+1 312 555 0100",
    driver: { vehicleType: "BOX_TRUCK", capacityKg: 10_000, plate: "FZ-0001" },
  }),
  "account.changePassword": () => ({ currentPassword: DEMO_PASSWORD, newPassword: "Fuzz-Password-2026" }),
  "account.sessions": () => undefined,
  "account.revokeSession": (f) => ({ sessionId: f.spareSession.id }),
  "account.revokeAllSessions": () => undefined,
  "adminUsers.list": () => ({ search: "fuzz", role: "DRIVER", state: "active", after: pageCursor(), pageSize: 20 }),
  "adminUsers.get": (f) => ({ userId: f.victim.id }),
  "adminUsers.setDisabled": (f) => ({ userId: f.victim.id, disabled: true, reason: "Fuzz check" }),
  "adminUsers.setRole": (f) => ({ userId: f.victim.id, role: "SHIPPER" }),
  "shipment.quote": (f) => ({
    pickup: { lat: f.shipmentInput.pickup.lat, lng: f.shipmentInput.pickup.lng },
    dropoff: { lat: f.shipmentInput.dropoff.lat, lng: f.shipmentInput.dropoff.lng },
    weightKg: 900,
    vehicleType: "VAN",
  }),
  "shipment.create": (f) => ({
    shipment: { ...f.shipmentInput, proof: { requires: ["PHOTO", "SIGNATURE"], photoPublic: true } },
    post: true,
  }),
  "shipment.update": (f) => ({ id: f.draft.shipment.id, version: f.draft.shipment.version, shipment: f.shipmentInput }),
  "shipment.post": (f) => ({ id: f.draftToPost.shipment.id }),
  "shipment.cancel": (f) => ({ id: f.posted.shipment.id, reason: "Plans changed" }),
  "shipment.confirm": (f) => ({ id: f.delivered.shipment.id }),
  "shipment.list": (f) => ({
    status: "DRAFT",
    from: new Date("2020-01-01T00:00:00Z"),
    to: new Date("2099-01-01T00:00:00Z"),
    search: "TT",
    cursor: f.cursor,
    limit: 10,
  }),
  "shipment.get": (f) => ({ id: f.posted.shipment.id }),
  "shipment.changesSince": (f) => ({ id: f.posted.shipment.id, sinceVersion: 0 }),
  "driver.loadBoard": () => ({
    position: { lat: 41.88, lng: -87.63 },
    near: { lat: 39.77, lng: -86.16 },
    withinMetres: 400_000,
    destination: "region:midwest",
    pickupFrom: new Date(Date.now() - 3600_000),
    pickupTo: new Date(Date.now() + 7 * 24 * 3600_000),
    minRateCentsPerMile: 50,
    vehicleType: "BOX_TRUCK",
    sort: "rate",
    limit: 10,
  }),
  "driver.accept": (f) => ({ id: f.postedToAccept.shipment.id }),
  "driver.release": (f) => ({ id: f.assigned.shipment.id, reason: "Truck broke down" }),
  "driver.pickUp": (f) => ({ id: f.assigned.shipment.id }),
  "driver.depart": (f) => ({ id: f.pickedUp.shipment.id }),
  "driver.deliver": (f) => ({ id: f.inTransit.shipment.id, code: "123456", lat: 42.33, lng: -83.04 }),
  "driver.jobs": () => undefined,
  "driver.history": (f) => ({ cursor: f.cursor, limit: 10 }),
  "driver.earnings": () => undefined,
  "tracking.get": (f) => ({ token: f.inTransit.trackingToken }),
  "tracking.positions": (f) => ({ shipmentId: f.inTransit.shipment.id, since: 0, limit: 10 }),
  "tracking.positionsByToken": (f) => ({ token: f.inTransit.trackingToken, since: 0, limit: 10 }),
  "admin.overview": () => undefined,
  "admin.shipments": () => ({ status: "POSTED", search: "TT", before: pageCursor(), pageSize: 25 }),
  "admin.drivers": (f) => ({ id: f.posted.shipment.id, search: "Driver" }),
  "admin.forceCancel": (f) => ({ id: f.postedToReassign.shipment.id, reason: "Fuzz check" }),
  "admin.reassign": (f) => ({ id: f.postedToReassign.shipment.id, driverId: f.victim.id, reason: "Fuzz check" }),
  "chat.send": (f) => ({
    shipmentId: f.inTransit.shipment.id,
    clientId: "8f0c7a7e-3f52-4e43-9d1a-2f7a1c9b6e01",
    body: "Fuzz message",
  }),
  "chat.history": (f) => ({ shipmentId: f.inTransit.shipment.id, before: pageCursor(), limit: 30 }),
  "chat.since": (f) => ({
    shipmentId: f.inTransit.shipment.id,
    after: { id: "fuzzmessage01", at: new Date().toISOString() },
  }),
  "chat.markRead": (f) => ({ shipmentId: f.inTransit.shipment.id, upTo: "fuzzmessage01" }),
  "chat.unreadCounts": () => undefined,
  "places.autocomplete": () => ({ q: "Chicago, IL", near: { lat: 41.88, lng: -87.63 }, sessionToken: "fuzz-session" }),
  "places.resolve": () => ({ placeId: "gz:zip:60601", sessionToken: "fuzz-session" }),
  "places.geocode": () => ({ q: "60601" }),
  "places.route": (f) => ({ shipmentId: f.posted.shipment.id }),
  "places.weather": (f) => ({ shipmentId: f.posted.shipment.id }),
  "payment.checkout": (f) => ({ id: f.draftToPost.shipment.id }),
  "payment.forShipment": (f) => ({ id: f.posted.shipment.id }),
  "notifications.unreadCount": () => undefined,
  "notifications.list": () => ({ cursor: pageCursor(), limit: 20 }),
  "notifications.markRead": () => ({ id: "fuzznotification01" }),
  "notifications.markAllRead": () => undefined,
  "notifications.preferences": () => undefined,
  "notifications.setPreference": () => ({ type: "NEW_MESSAGE", channel: "EMAIL", enabled: false }),
  "phone.startVerification": () => ({ phone: "+14155550123" }),
  "phone.confirm": () => ({ phone: "+14155550123", code: "123456" }),
  "push.config": () => undefined,
  "push.subscribe": () => ({
    endpoint: "https://fcm.googleapis.com/fcm/send/fuzz-endpoint",
    keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) },
  }),
  "push.unsubscribe": () => ({ endpoint: "https://fcm.googleapis.com/fcm/send/fuzz-endpoint" }),
  "files.list": (f) => ({ shipmentId: f.inTransit.shipment.id }),
  "files.proofOfDelivery": (f) => ({ shipmentId: f.delivered.shipment.id }),
  "invoice.list": () => ({ cursor: pageCursor(), limit: 20 }),
  "adminOps.exceptions": () => ({ kind: "LOAD_UNFILLED", page: 1, pageSize: 25 }),
  "adminOps.resolveException": (f) => ({ kind: "LOAD_UNFILLED", subjectId: f.posted.shipment.id, reason: "Fuzz" }),
  "adminOps.unlockDeliveryCode": (f) => ({ id: f.inTransit.shipment.id, reason: "Fuzz check" }),
  "adminOps.reissueDeliveryCode": (f) => ({ id: f.inTransit.shipment.id, reason: "Fuzz check" }),
  "adminOps.markPickedUp": (f) => ({ id: f.assigned.shipment.id, reason: "Fuzz check" }),
  "adminOps.markDelivered": (f) => ({ id: f.pickedUp.shipment.id, reason: "Fuzz check" }),
  "adminOps.hold": (f) => ({ id: f.inTransit.shipment.id, reason: "Fuzz check" }),
  "adminOps.releaseHold": (f) => ({ id: f.inTransit.shipment.id, reason: "Fuzz check" }),
  "adminOps.extendPickupWindow": (f) => ({
    id: f.posted.shipment.id,
    windowEnd: new Date(Date.now() + 30 * 3600_000).toISOString().slice(0, 16),
    reason: "Fuzz check",
  }),
  "adminOps.liveMap": () => ({ status: "IN_TRANSIT", lateness: "late" }),
  "payout.account": () => undefined,
  "payout.onboard": () => undefined,
  "payout.refreshAccount": () => undefined,
  "payout.list": () => undefined,
  "payout.quickPayQuote": (f) => ({ shipmentId: f.delivered.shipment.id }),
  "payout.quickPay": (f) => ({ shipmentId: f.delivered.shipment.id, feeCents: 100 }),
  "files.delete": (f) => ({ fileId: f.delivered.shipment.id }),
  "analytics.shipper": () => ({ from: "2026-09-01", to: "2026-11-30" }),
  "analytics.driver": () => ({ from: "2026-09-01", to: "2026-11-30" }),
  "analytics.admin": () => ({ from: "2026-09-01", to: "2026-11-30" }),
  "subscription.plan": () => undefined,
  "subscription.checkout": () => ({ plan: "PRO" }),
  "subscription.portal": () => undefined,
  "subscription.invoices": () => undefined,
  "account.setUnits": () => ({ units: "metric" }),
  "account.setHomeBase": () => ({ homeBase: { label: "Chicago, IL, USA", lat: 41.8781, lng: -87.6298 } }),
  "places.signUpSearch": () => ({ q: "Chicago, IL", near: { lat: 41.88, lng: -87.63 } }),
  "places.signUpResolve": () => ({ placeId: "gz:zip:60601" }),
  "files.driverDocuments": (f) => ({ driverId: f.delivered.shipment.id }),
  "files.removeAvatar": () => undefined,
  "adminPayouts.list": () => ({ status: "FAILED", page: 1, pageSize: 25 }),
  "adminPayouts.retry": (f) => ({ id: f.delivered.shipment.id, reason: "Fuzz check" }),
  "subscription.changePlan": () => ({ plan: "BUSINESS" }),
  "adminOps.replayWebhook": () => ({ subjectId: "stripe-evt_fuzz", reason: "Fuzz check" }),
  "adminOps.recentResolutions": () => undefined,
};

/**
 * Cases per procedure for each role allowed to call it. Inputs that pass validation for these three cost one or
 * two bcrypt rounds (cost 12) each, so they get few mutations and no sweep; their fields' schemas (name, token,
 * email, password) are swept through the other procedures that use them and unit-tested in src/lib/schemas.
 */
type TBudget = { hostile: number; mutated: number; sweep: boolean };
const slow: TBudget = { hostile: 15, mutated: 2, sweep: false };
const budgets: Record<string, TBudget> = {
  "auth.register": slow,
  "auth.resetPassword": slow,
  "account.changePassword": slow,
};
const DEFAULT_BUDGET: TBudget = { hostile: 25, mutated: 40, sweep: true };
/** Cases per procedure for each role the permission table refuses: the refusal comes before input parsing. */
const DENIED_CASES = 3;

// ─── Calling ─────────────────────────────────────────────────────────────────

type TCaller = ReturnType<typeof callerWith>;

async function call(caller: TCaller, path: string, input: unknown): Promise<unknown> {
  let fn: unknown = caller;
  for (const part of path.split(".")) fn = (fn as Record<string, unknown>)[part];
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

/** A readable, bounded rendering of a failing input for the report. */
function show(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === "bigint" ? `${v}n` : typeof v === "string" && v.length > 80 ? `${v.slice(0, 80)}…` : v,
    );
    return (text ?? String(value)).slice(0, 400);
  } catch {
    return String(value).slice(0, 400);
  }
}

let fixtures: TFixtures;
let cases = 0;
let procedures = 0;

beforeAll(async () => {
  fixtures = await makeFixtures();
});

afterAll(() => {
  console.log(`fuzz: ${cases} cases over ${procedures} procedures`);
});

describe("fuzz: no procedure answers 500", () => {
  it("covers every procedure of the router, each listed in the permission table", () => {
    expect(procedurePaths.filter((p) => !(p in validInputs))).toEqual([]);
    expect(Object.keys(validInputs).filter((p) => !procedurePaths.includes(p))).toEqual([]);
    expect(procedurePaths.filter((p) => !(p in permissions))).toEqual([]);
  });

  procedurePaths.forEach((path, index) => {
    it(path, async () => {
      const valid = validInputs[path]!(fixtures);
      const budget = budgets[path] ?? DEFAULT_BUDGET;
      const failures: string[] = [];
      let firstAllowed = true;
      for (const [w, role] of who.map((w, i) => [w, i] as const)) {
        const seed = SEED + index * 10 + role;
        const user = w === "anonymous" ? null : fixtures.users[w];
        const allowed = isAllowed(permissions[path]!, user ? (w as Role) : null);
        // The sweep runs once, as the first role allowed to call the procedure; slow procedures get their valid
        // input and its mutations only there too.
        const full = allowed && (firstAllowed || budget.sweep);
        const edges = allowed && firstAllowed && budget.sweep ? sweep(valid) : [];
        firstAllowed &&= !allowed;
        const hostile = fc.sample(hostileValue, { seed, numRuns: allowed ? budget.hostile : DENIED_CASES });
        const mutated = full
          ? fc
              .sample(fc.array(mutation, { maxLength: 3 }), { seed: seed + 1, numRuns: budget.mutated })
              .map((m) => applyMutations(valid, m))
          : [];
        // The caller's session is read once, into its context: revoking sessions does not silence later cases.
        const caller = callerWith(user ? await sessionFor(user.id) : null);
        for (const input of [...(full ? [valid] : []), ...edges, ...hostile, ...mutated]) {
          cases++;
          const outcome = await call(caller, path, input).then(
            () => null,
            (e: unknown) => e,
          );
          if (outcome === null) continue;
          if (!(outcome instanceof TRPCError) || outcome.code === "INTERNAL_SERVER_ERROR") {
            const cause = outcome instanceof TRPCError ? outcome.cause : outcome;
            failures.push(`${path} as ${w} with ${show(input)}: ${String(cause)}`);
          }
        }
      }
      procedures++;
      expect(failures).toEqual([]);
    });
  });
});

// ─── The HTTP route: transport-level garbage ─────────────────────────────────

const BASE = "http://localhost:3000/api/trpc/";
// What the app's own client sends beside the body; a cross-site check must not be what answers these requests.
const clientHeaders = { "content-type": "application/json", origin: "http://localhost:3000", "x-trpc-source": "fuzz" };

async function send(req: Request): Promise<{ status: number; body: string }> {
  const res = await (req.method === "GET" ? GET(req) : POST(req));
  return { status: res.status, body: await res.text() };
}
const post = (path: string, body: string) => new Request(BASE + path, { method: "POST", body, headers: clientHeaders });
/** Percent-encodes `s`, writing each lone surrogate as the invalid UTF-8 a raw client could send for it. */
const urlEncode = (s: string) =>
  s
    .split(/(\p{Cs})/u)
    .map((part) => (/\p{Cs}/u.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
const get = (path: string) => new Request(BASE + path, { method: "GET", headers: { origin: "http://localhost:3000" } });

describe("fuzz: the HTTP route answers malformed requests with 4xx", () => {
  it("malformed JSON, bodies that are not objects, bad superjson and bad batches", async () => {
    const named: [string, Request, number?][] = [
      ["truncated JSON", post("auth.register", "{"), 400],
      ["empty body", post("auth.register", ""), 400],
      ["null body", post("auth.register", "null"), 400],
      ["array body", post("auth.register", "[]"), 400],
      ["number body", post("auth.register", "5"), 400],
      ["string body", post("auth.register", '"x"'), 400],
      ["deep arrays", post("auth.register", "[".repeat(100_000) + "]".repeat(100_000)), 400],
      ["deep objects", post("auth.register", `{"json":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`), 400],
      ["superjson: unknown BigInt", post("auth.register", '{"json":{"a":"zz"},"meta":{"values":{"a":["bigint"]}}}')],
      ["superjson: __proto__", post("auth.register", '{"json":{},"meta":{"values":{"__proto__.x":["undefined"]}}}')],
      ["superjson: unknown class", post("auth.register", '{"json":{"a":{}},"meta":{"values":{"a":[["class","X"]]}}}')],
      ["superjson: meta not an object", post("auth.register", '{"json":{},"meta":{"values":5}}')],
      [
        "batch: entries of the wrong shape",
        post("auth.register,auth.verifyEmail?batch=1", '{"0":5,"1":{"json":null}}'),
      ],
      ["batch: not an object", post("auth.register,auth.verifyEmail?batch=1", "[1,2]")],
      ["GET: input is not JSON", get("tracking.get?input=%7B")],
      ["GET: broken percent-encoding", get("tracking.get?input=%")],
      ["GET: invalid UTF-8", get("tracking.get?input=%22%ED%A0%80%22")],
      ["GET: unknown procedure", get("nope.nope"), 404],
      ["GET: NUL in the path", get("health.status%00"), 404],
      ["GET: a mutation", get("auth.register?input=%7B%7D"), 405],
      [
        "batch: one more than allowed",
        get(
          `${Array<string>(TRPC_MAX_BATCH_SIZE + 1)
            .fill("health.status")
            .join(",")}?batch=1`,
        ),
        400,
      ],
      ["batch: 2,000 calls", get(`${Array<string>(2_000).fill("health.status").join(",")}?batch=1`), 400],
    ];
    for (const [label, req, expected] of named) {
      const { status } = await send(req);
      cases++;
      expect({ label, status: status < 500 }).toEqual({ label, status: true });
      if (expected) expect({ label, status }).toEqual({ label, status: expected });
    }
  });

  it("random bodies, inputs and batches to every procedure path", async () => {
    const body = fc.oneof(
      fc.string({ unit: char, maxLength: 60 }),
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.stringify({ json })),
      fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.stringify({ json, meta: { values: json } })),
      fc.dictionary(fc.constantFrom("0", "1", "2", "x"), fc.jsonValue({ maxDepth: 2 })).map((d) => JSON.stringify(d)),
    );
    const request = fc.record({
      paths: fc.array(fc.constantFrom(...procedurePaths, "nope", ""), { minLength: 1, maxLength: 3 }),
      batch: fc.boolean(),
      method: fc.constantFrom("GET", "POST"),
      body,
    });
    const failures: string[] = [];
    for (const r of fc.sample(request, { seed: SEED, numRuns: 300 })) {
      const path = `${r.paths.join(",")}${r.batch ? "?batch=1" : ""}`;
      const req =
        r.method === "GET" ? get(`${path}${r.batch ? "&" : "?"}input=${urlEncode(r.body)}`) : post(path, r.body);
      const { status } = await send(req);
      cases++;
      if (status >= 500) failures.push(`${r.method} ${path} ${show(r.body)}: ${status}`);
    }
    expect(failures).toEqual([]);
  });
});
