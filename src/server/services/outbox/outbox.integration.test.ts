// Events that cannot be lost (issue 11 §2): written with their change, sent after commit, re-sent by the relay when
// the send failed or never happened, and delivered once whatever the number of sends. Through the real executor,
// the real /api/inngest route and the Resend stand-in's outbox.
import { describe, expect, it } from "vitest";

import { outboxFor } from "../../../../scripts/test/helpers";
import { settleInngest, stopExecutorForOutage, testInngest } from "../../../../scripts/test/inngest";
import { createUser } from "../../../../prisma/factories";
import { db } from "~/server/db";
import { sendVerificationEmail } from "~/server/services/auth/verification";
import { enqueueEvent } from "./enqueue-event";
import { relayOutbox } from "./relay-outbox";
import { sendOutboxEvents } from "./send-outbox-events";
import { transactionWithEvents } from "./transaction-with-events";

const confirmEmails = async (to: string) => (await outboxFor(to)).filter((m) => /confirm your email/i.test(m.subject));

describe("outbox", () => {
  it("sends after commit with the row id as the event id, and marks the row sent", async () => {
    const user = await createUser(db, { role: "SHIPPER", verified: false });
    await transactionWithEvents((_tx, emit) =>
      emit({ name: "user/verification.requested", data: { userId: user.id } }),
    );
    const row = await db.outboxEvent.findFirstOrThrow({ where: { data: { equals: { userId: user.id } } } });
    expect(row.sentAt).not.toBeNull();
    await settleInngest();
    const runs = testInngest()
      .executor.runs()
      .filter((r) => r.event.id === row.id);
    expect(runs.map((r) => [r.fnId, r.status])).toEqual([["trial-transport-send-verification-email", "Completed"]]);
    expect(await confirmEmails(user.email)).toHaveLength(1);
  });

  it("writes nothing when the change fails: the event and the change commit together or not at all", async () => {
    const user = await createUser(db, { role: "SHIPPER", verified: false });
    await expect(
      transactionWithEvents(async (tx, emit) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "Renamed" } });
        await emit({ name: "user/verification.requested", data: { userId: user.id } });
        throw new Error("the change failed after the event was written");
      }),
    ).rejects.toThrow(/change failed/);
    expect(await db.outboxEvent.count({ where: { data: { equals: { userId: user.id } } } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).not.toBe("Renamed");
    // Data an event does not allow is refused before anything is written.
    await expect(
      transactionWithEvents((_tx, emit) => emit({ name: "user/verification.requested", data: { userId: "" } })),
    ).rejects.toThrow();
  });

  it("an event whose send failed (Inngest down) stays in the outbox; the relay delivers it exactly once", async () => {
    const user = await createUser(db, { role: "SHIPPER", verified: false });
    const restart = await stopExecutorForOutage();
    // The request still succeeds: the change is committed, the send failure is recorded on the row.
    await transactionWithEvents((_tx, emit) =>
      emit({ name: "user/verification.requested", data: { userId: user.id } }),
    );
    const row = await db.outboxEvent.findFirstOrThrow({ where: { data: { equals: { userId: user.id } } } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.any(String) });

    await restart();
    await expect(relayOutbox({ minAgeMs: 0 })).resolves.toMatchObject({ failed: 0 });
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: row.id } })).sentAt).not.toBeNull();
    expect(await confirmEmails(user.email)).toHaveLength(1);

    // The relay again: the row is acknowledged, nothing is sent.
    await relayOutbox({ minAgeMs: 0 });
    // The acknowledgement was lost (sent, but not marked): the row goes out again with the same id, and Inngest drops it.
    await db.outboxEvent.update({ where: { id: row.id }, data: { sentAt: null } });
    await expect(sendOutboxEvents([row.id])).resolves.toEqual({ sent: 1, failed: 0 });
    expect(await confirmEmails(user.email)).toHaveLength(1);
    expect(
      testInngest()
        .executor.runs()
        .filter((r) => r.event.id === row.id),
    ).toHaveLength(1);
  });

  it("an event committed by an app killed before it could send is delivered once by the relay", async () => {
    const user = await createUser(db, { role: "SHIPPER", verified: false });
    // What a crash right after COMMIT leaves behind: the change and its outbox row, never sent.
    const id = await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { name: "Committed" } });
      return enqueueEvent(tx, { name: "user/verification.requested", data: { userId: user.id } });
    });
    expect(await confirmEmails(user.email)).toHaveLength(0);
    // The relay leaves rows younger than its minimum age to the request that wrote them…
    await expect(relayOutbox()).resolves.toEqual({ sent: 0, failed: 0 });
    // …and sends them once they are older (the start-up sweep sends every unsent row).
    await expect(relayOutbox({ minAgeMs: 0 })).resolves.toMatchObject({ failed: 0 });
    await relayOutbox({ minAgeMs: 0 });
    expect(await confirmEmails(user.email)).toHaveLength(1);
    expect(
      testInngest()
        .executor.runs()
        .filter((r) => r.event.id === id),
    ).toHaveLength(1);
  });

  it("the email function is idempotent: run again for one event it sends one email with one link", async () => {
    const user = await createUser(db, { role: "SHIPPER", verified: false });
    const event = { userId: user.id, eventId: `evt-${user.id}`, issuedAt: new Date() };
    const first = await sendVerificationEmail(event);
    const second = await sendVerificationEmail(event);
    expect(first).toMatchObject({ sent: true });
    expect(second).toEqual(first);
    const mails = await confirmEmails(user.email);
    expect(mails).toHaveLength(1);
    expect(
      await db.verificationToken.count({ where: { userId: user.id, purpose: "EMAIL_VERIFY", usedAt: null } }),
    ).toBe(1);
    // Once the address is confirmed, a late retry sends nothing.
    await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    await expect(sendVerificationEmail({ ...event, eventId: `evt2-${user.id}` })).resolves.toEqual({
      sent: false,
      reason: "email already confirmed",
    });
  });
});
