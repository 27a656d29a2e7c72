// The notifications router as people use it: their own list, paged; marking one or all read; preferences saved at
// once; and nobody reaching another person's notifications.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { signedIn } from "../../../scripts/test/helpers";
import { db } from "~/server/db";
import { unsubscribe, unsubscribeToken } from "./unsubscribe";

async function seed(userId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await db.notification.create({
      data: {
        userId,
        type: "SHIPMENT_STATUS",
        title: `Notice ${i}`,
        body: "b",
        createdAt: new Date(Date.UTC(2026, 10, 1, 12, i)),
      },
    });
  }
}

describe("notifications router", () => {
  it("pages the caller's notifications newest first and counts the unread", async () => {
    const { user, caller } = await signedIn({ role: "SHIPPER" });
    await seed(user.id, 25);
    expect(await caller.notifications.unreadCount()).toEqual({ unread: 25 });
    const first = await caller.notifications.list();
    expect(first.items).toHaveLength(20);
    expect(first.items[0]?.title).toBe("Notice 24");
    const second = await caller.notifications.list({ cursor: first.nextCursor ?? undefined });
    expect(second.items.map((i) => i.title)).toEqual(["Notice 4", "Notice 3", "Notice 2", "Notice 1", "Notice 0"]);
    expect(second.nextCursor).toBeNull();
  });

  it("marks one read, then all; another person's notification is not found and stays unread", async () => {
    const me = await signedIn({ role: "DRIVER" });
    const other = await signedIn({ role: "DRIVER" });
    await seed(me.user.id, 3);
    await seed(other.user.id, 1);
    const [top] = (await me.caller.notifications.list()).items;
    await expect(me.caller.notifications.markRead({ id: top?.id ?? "" })).resolves.toEqual({ unread: 2 });
    // Again: harmless.
    await expect(me.caller.notifications.markRead({ id: top?.id ?? "" })).resolves.toEqual({ unread: 2 });

    const [theirs] = (await other.caller.notifications.list()).items;
    const refusal = await me.caller.notifications.markRead({ id: theirs?.id ?? "" }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect((refusal as TRPCError).code).toBe("NOT_FOUND");
    expect(await other.caller.notifications.unreadCount()).toEqual({ unread: 1 });

    await expect(me.caller.notifications.markAllRead()).resolves.toEqual({ marked: 2 });
    expect(await me.caller.notifications.unreadCount()).toEqual({ unread: 0 });
    expect(await other.caller.notifications.unreadCount()).toEqual({ unread: 1 });
  });

  it("preferences: defaults, saved at once, in-app locked, unsubscribe turns that type's email off", async () => {
    const { user, caller } = await signedIn({ role: "DRIVER" });
    const cell = async (type: string, channel: string) =>
      (await caller.notifications.preferences()).find((c) => c.type === type && c.channel === channel);
    // SMS only where minutes matter.
    expect(await cell("PICKUP_REMINDER", "SMS")).toMatchObject({ enabled: true });
    expect(await cell("SHIPMENT_STATUS", "SMS")).toMatchObject({ enabled: false });
    expect(await cell("NEW_MESSAGE", "IN_APP")).toMatchObject({ enabled: true, locked: true });

    await caller.notifications.setPreference({ type: "SHIPMENT_STATUS", channel: "SMS", enabled: true });
    expect(await cell("SHIPMENT_STATUS", "SMS")).toMatchObject({ enabled: true });

    const refusal = await caller.notifications
      .setPreference({ type: "NEW_MESSAGE", channel: "IN_APP", enabled: false })
      .catch((e: unknown) => e);
    expect((refusal as TRPCError).code).toBe("BAD_REQUEST");

    const bad = await caller.notifications
      .setPreference({ type: "NOPE" as never, channel: "EMAIL", enabled: false })
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");

    await expect(unsubscribe(unsubscribeToken(user.id, "NEW_MESSAGE"))).resolves.toEqual({
      userId: user.id,
      type: "NEW_MESSAGE",
    });
    expect(await cell("NEW_MESSAGE", "EMAIL")).toMatchObject({ enabled: false });
    expect(await cell("SHIPMENT_STATUS", "EMAIL")).toMatchObject({ enabled: true });
  });
});
