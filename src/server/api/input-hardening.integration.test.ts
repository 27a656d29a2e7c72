// The inputs from the hardening issue (section 3) that crashed or slipped through: text PostgreSQL cannot store,
// numbers that were coerced from strings, booleans and arrays, dates outside a sensible range, free text in phone
// fields and bidirectional-override characters. Each must be a field error (or be neutralised), never a 500.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";

import { validShipmentInput } from "../../../prisma/factories";
import { signedIn } from "../../../scripts/test/helpers";
import { db } from "~/server/db";

/** The validation messages by dotted path, as the forms see them; fails the test unless it was a BAD_REQUEST. */
async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("BAD_REQUEST");
  const cause = (error as TRPCError).cause;
  expect(cause).toBeInstanceOf(ZodError);
  const out: Record<string, string[]> = {};
  for (const issue of (cause as ZodError).issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

/** Bypasses the input types: these are what a hostile client sends, not what the types allow. */
const raw = <T>(value: unknown) => value as T;

describe("text the database cannot store", () => {
  it("a name with NUL is a field error on name, and nothing is written", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const errors = await fieldErrorsOf(caller.account.updateProfile({ name: "a\u0000b" }));
    expect(errors.name).toEqual([expect.stringMatching(/control character/i)]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe(user.name);
  });

  it("a lone UTF-16 surrogate is a field error, in profile and shipment text alike", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    expect((await fieldErrorsOf(caller.account.updateProfile({ name: "Ann \uD800" }))).name).toEqual([
      expect.stringMatching(/cannot be stored|unsupported character/i),
    ]);
    const input = validShipmentInput();
    input.cargo.description = "Boxes \uDC00 of paper";
    const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
    expect(Object.keys(errors)).toEqual(["shipment.cargo.description"]);
  });

  it("NUL in identifiers, tokens, searches and reasons is refused before it reaches the database", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const admin = await signedIn({ role: "ADMIN" });
    await expect(shipper.caller.shipment.get({ id: "s\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(shipper.caller.shipment.list({ search: "TT\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(shipper.caller.tracking.get({ token: "abcdefghij\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.caller.adminUsers.list({ search: "\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(admin.caller.admin.forceCancel({ id: "s1", reason: "why\u0000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("ids that name nothing", () => {
  it("an admin disabling an unknown user is told it does not exist (it was a 500)", async () => {
    const admin = await signedIn({ role: "ADMIN" });
    await expect(
      admin.caller.adminUsers.setDisabled({ userId: "s0123456789abcdef01234567", disabled: true }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a forged page cursor carrying NUL or an out-of-range date is an invalid cursor (it was a 500)", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const driver = await signedIn({ role: "DRIVER" });
    for (const forged of ["2026-01-01T00:00:00.000Z|\u0000", "-271821-04-20T00:00:00.000Z|s1"]) {
      const cursor = Buffer.from(forged).toString("base64url");
      await expect(shipper.caller.shipment.list({ cursor })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "Invalid page cursor.",
      });
      await expect(driver.caller.driver.history({ cursor })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});

describe("numbers are numbers", () => {
  for (const lat of ["", null, true, [5], "41.9"]) {
    it(`latitude ${JSON.stringify(lat)} is refused by create and quote, and nothing is stored`, async () => {
      const { user, caller } = await signedIn({ role: "SHIPPER" });
      const input = validShipmentInput();
      input.pickup.lat = raw<number>(lat);
      const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
      expect(Object.keys(errors)).toEqual(["shipment.pickup.lat"]);
      await fieldErrorsOf(
        caller.shipment.quote({
          pickup: { lat: raw<number>(lat), lng: -87.6 },
          dropoff: { lat: 42.3, lng: -83 },
          weightKg: 900,
          vehicleType: "VAN",
        }),
      );
      expect(await db.shipment.count({ where: { shipperId: user.id } })).toBe(0);
    });
  }

  it("weights and capacities given as strings are refused", async () => {
    const shipper = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.cargo.weightKg = raw<number>("900");
    expect(Object.keys(await fieldErrorsOf(shipper.caller.shipment.create({ shipment: input, post: false })))).toEqual([
      "shipment.cargo.weightKg",
    ]);
    const driver = await signedIn({ role: "DRIVER" });
    const errors = await fieldErrorsOf(
      driver.caller.account.updateProfile({
        name: "Dee Driver",
        driver: { vehicleType: "VAN", capacityKg: raw<number>("2000"), plate: "TT-1234" },
      }),
    );
    expect(Object.keys(errors)).toEqual(["driver.capacityKg"]);
  });

  it("a version past the database's integer range is a validation error, not a crash", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const { id } = await caller.shipment.create({ shipment: validShipmentInput(), post: false });
    await fieldErrorsOf(caller.shipment.update({ id, version: 2 ** 40, shipment: validShipmentInput() }));
  });
});

describe("dates within a sensible range", () => {
  it("a window in the year 10000 is a field error on that window", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.dropoff.windowEnd = new Date("+010000-01-01T00:00:00Z");
    const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
    expect(errors["shipment.dropoff.windowEnd"]).toEqual([expect.stringMatching(/between 2000 and 2100/)]);
    expect(await db.shipment.count({ where: { shipperId: user.id } })).toBe(0);
  });

  it("a window in 1970 is a field error too", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.pickup.windowStart = new Date(0);
    const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
    expect(errors["shipment.pickup.windowStart"]).toEqual([expect.stringMatching(/between 2000 and 2100/)]);
  });

  it("list filters take Dates or ISO 8601 strings only, within the range", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    await expect(caller.shipment.list({ from: raw<Date>("2026-03-01T00:00:00.000Z") })).resolves.toBeTruthy();
    for (const from of ["", "yesterday", 0, true, "2026-13-45T00:00:00Z", new Date("+275760-01-01T00:00:00Z")]) {
      expect(Object.keys(await fieldErrorsOf(caller.shipment.list({ from: raw<Date>(from) })))).toEqual(["from"]);
    }
  });
});

describe("phone fields hold phone numbers", () => {
  it("recipient phone 'call me maybe' is a field error on the recipient's phone", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.recipient.phone = "call me maybe";
    const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
    expect(errors["shipment.recipient.phone"]).toEqual([expect.stringMatching(/phone number like/)]);
  });

  it("a stop contact phone of punctuation only is a field error, and the profile phone follows the same rule", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.pickup.contactPhone = "--- ---";
    const errors = await fieldErrorsOf(caller.shipment.create({ shipment: input, post: false }));
    expect(Object.keys(errors)).toEqual(["shipment.pickup.contactPhone"]);
    expect(Object.keys(await fieldErrorsOf(caller.account.updateProfile({ name: "Ann", phone: "(((((((" })))).toEqual([
      "phone",
    ]);
  });
});

describe("bidirectional overrides", () => {
  it("are removed from names and addresses before they are stored", async () => {
    const { caller } = await signedIn({ role: "SHIPPER" });
    const input = validShipmentInput();
    input.dropoff.address = "1 Woodward \u202EevA\u202C";
    input.recipient.name = "Robin \u2066Receiver\u2069";
    const { id } = await caller.shipment.create({ shipment: input, post: false });
    const row = await db.shipment.findUniqueOrThrow({ where: { id } });
    expect(row.dropoffAddress).toBe("1 Woodward evA");
    expect(row.recipientName).toBe("Robin Receiver");
    await caller.account.updateProfile({ name: "\u202Bgnp.exe" });
    expect((await caller.account.me()).name).toBe("gnp.exe");
  });
});
