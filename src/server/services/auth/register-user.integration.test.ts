// Sign-up must not reveal which emails have accounts: a taken address gets the same answer after the same
// work, and the owner is told by email.
import { describe, expect, it } from "vitest";

import { callerWith, outboxFor, uniqueEmail } from "../../../../scripts/test/helpers";
import { createUser } from "../../../../prisma/factories";
import { hashPassword } from "~/server/auth/password";
import { db } from "~/server/db";
import { registerUser } from "./register-user";

const STRONG = "Correct-Horse-Battery-9";
const ip = () => `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("registering an email that already has an account", () => {
  it("answers exactly as for a new address, changes nothing, and emails the owner", async () => {
    const owner = await createUser(db, { role: "SHIPPER", email: uniqueEmail("owner") });
    const before = await db.user.findUniqueOrThrow({ where: { id: owner.id } });

    const fresh = await callerWith(null, ip()).auth.register({
      role: "SHIPPER",
      name: "New",
      email: uniqueEmail("new"),
      password: STRONG,
    });
    const taken = await callerWith(null, ip()).auth.register({
      role: "DRIVER",
      name: "Someone Else",
      email: owner.email.toUpperCase(),
      password: STRONG,
      driver: { vehicleType: "VAN", capacityKg: 1000, plate: "XY-1" },
    });
    expect(taken).toEqual(fresh);

    // The same bcrypt work for a taken address as for a new one (without it the taken address would answer in a few
    // milliseconds): counted, not timed, so a loaded machine cannot make it flaky.
    const hashed: string[] = [];
    const counting = (password: string) => {
      hashed.push(password);
      return hashPassword(password);
    };
    const input = { role: "SHIPPER" as const, name: "Again", email: owner.email, password: STRONG };
    await registerUser({ input, ip: ip(), hash: counting });
    await registerUser({ input: { ...input, email: uniqueEmail("counted") }, ip: ip(), hash: counting });
    expect(hashed).toEqual([STRONG, STRONG]);

    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id }, include: { driverProfile: true } });
    expect(after).toMatchObject({ name: before.name, role: "SHIPPER", passwordHash: before.passwordHash });
    expect(after.driverProfile).toBeNull();
    expect(await db.verificationToken.count({ where: { userId: owner.id } })).toBe(0);

    const mail = (await outboxFor(owner.email)).find((m) => /tried to create/.test(m.subject));
    expect(mail?.text).toMatch(/sign in/i);
    expect(mail?.text).toContain("/forgot-password");
    expect(mail?.text).not.toContain(STRONG);
  });

  it("still refuses a weak password with a field error, whether or not the email is taken", async () => {
    const owner = await createUser(db, { role: "SHIPPER", email: uniqueEmail("owner") });
    for (const email of [owner.email, uniqueEmail("new")]) {
      await expect(
        callerWith(null, ip()).auth.register({ role: "SHIPPER", name: "A", email, password: "password123" }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { password: [expect.any(String)] } } });
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash).toBe(owner.passwordHash);
  });
});
