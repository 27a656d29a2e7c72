"use client";

// The state of one shipment's chat: the newest page (tRPC), older pages loaded on demand, messages arriving live
// (Pusher) or caught up after a reconnect (`chat.since`), the outbox of messages not yet stored, read positions for
// "Seen", who is typing, and marking read while the chat is on screen.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useChannel } from "~/components/realtime/realtime-provider";
import { useShipmentChannel } from "~/components/realtime/use-shipment-channel";
import { REALTIME_EVENTS, type TMessageEvent, type TReadEvent, type TTypingEvent } from "~/lib/realtime";
import { isClientError } from "~/trpc/query-client";
import { api, type RouterOutputs } from "~/trpc/react";
import {
  enqueue,
  flushOutbox,
  outboxFor,
  removeFromOutbox,
  retryEntry,
  type TOutboxEntry,
  type TSendOutcome,
} from "./outbox";

export type TChatMessage = RouterOutputs["chat"]["history"]["messages"][number];

/** How often this tab tells the others that its person is typing, and how long the others show it (ms). */
export const TYPING_SEND_EVERY_MS = 3_000;
export const TYPING_SHOW_FOR_MS = 5_000;

function byTimeThenId(a: TChatMessage, b: TChatMessage): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function merge(into: TChatMessage[], more: TChatMessage[]): TChatMessage[] {
  const byId = new Map(into.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort(byTimeThenId);
}

function fromEvent(e: TMessageEvent): TChatMessage {
  return { ...e, createdAt: new Date(e.createdAt) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "The message could not be sent.";
}

/**
 * Everything `<ShipmentChat>` shows for shipment `shipmentId`: `messages` (oldest first, stored), `pending` (outbox
 * entries not stored yet), `older` (the next older page and how to load it), `seenId` (my newest message another
 * reader has read), `typingNames`, and the actions `send`, `retry`, `discard`, `notifyTyping`, `markVisibleRead`.
 * `isVisible` tells whether the chat is on screen, so only messages a person could have seen are marked read.
 */
export function useShipmentChat(shipmentId: string, opts: { isVisible: () => boolean }) {
  const utils = api.useUtils();
  const isVisible = useRef(opts.isVisible);
  isVisible.current = opts.isVisible;
  const latest = api.chat.history.useQuery({ shipmentId }, { refetchOnWindowFocus: false });
  const me = latest.data?.viewer ?? null;

  const [extra, setExtra] = useState<TChatMessage[]>([]);
  const [older, setOlder] = useState<{ cursor: string | null; loading: boolean; error: string | null } | null>(null);
  const [liveReads, setLiveReads] = useState<Record<string, Date>>({});
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [pending, setPending] = useState<TOutboxEntry[]>([]);
  const [networkDown, setNetworkDown] = useState(false);

  const messages = useMemo(() => merge(latest.data?.messages ?? [], extra), [latest.data, extra]);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const partiesRef = useRef(latest.data?.parties);
  partiesRef.current = latest.data?.parties;
  /**
   * The server-given name of a party of this conversation (its shipper or driver, or someone who wrote in it, such
   * as an admin), else null: typing notices from anybody else are ignored.
   */
  function knownPartyName(userId: string): string | null {
    const party = partiesRef.current?.find((p) => p.id === userId);
    if (party) return party.name;
    return [...messagesRef.current].reverse().find((m) => m.senderId === userId)?.senderName ?? null;
  }

  const add = useCallback((more: TChatMessage[]) => {
    if (more.length > 0) setExtra((prev) => merge(prev, more));
  }, []);

  // ─── Outbox ────────────────────────────────────────────────────────────────
  const reloadOutbox = useCallback(async () => {
    if (me) setPending(await outboxFor(shipmentId, me.id));
  }, [shipmentId, me]);

  // Until when the server asked us to hold back (the chat rate limit): waiting messages stay queued, in order, and
  // are sent by themselves then. Epoch ms, or null.
  const [pausedUntil, setPausedUntil] = useState<number | null>(null);
  const resumeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (resumeTimer.current && clearTimeout(resumeTimer.current)), []);

  const sendEntry = useCallback(
    async (entry: TOutboxEntry): Promise<TSendOutcome<TChatMessage>> => {
      try {
        const value = await utils.client.chat.send.mutate({
          shipmentId: entry.shipmentId,
          clientId: entry.clientId,
          body: entry.body || undefined,
          fileId: entry.fileId,
        });
        setNetworkDown(false);
        setPausedUntil(null);
        return { ok: true, value };
      } catch (error) {
        // Too fast: not a refusal of this message. It waits its turn and goes out when the server says.
        const retryAfterSec = (error as { data?: { retryAfterSec?: number | null } } | null)?.data?.retryAfterSec;
        if (typeof retryAfterSec === "number" && retryAfterSec > 0) {
          const until = Date.now() + retryAfterSec * 1000;
          setPausedUntil(until);
          if (resumeTimer.current) clearTimeout(resumeTimer.current);
          resumeTimer.current = setTimeout(() => void flushRef.current(), retryAfterSec * 1000 + 250);
          return { ok: false, retry: true };
        }
        if (isClientError(error)) return { ok: false, retry: false, error: errorMessage(error) };
        setNetworkDown(true);
        return { ok: false, retry: true };
      }
    },
    [utils],
  );

  const flush = useCallback(async () => {
    if (!me) return;
    add(await flushOutbox(shipmentId, me.id, sendEntry));
    await reloadOutbox();
  }, [shipmentId, me, sendEntry, add, reloadOutbox]);
  const flushRef = useRef(flush);
  useEffect(() => {
    flushRef.current = flush;
  });

  useEffect(() => {
    void flush();
    const onOnline = () => void flush();
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  }, [flush]);

  /** Writes `body` (and an uploaded attachment) to the outbox (it survives a reload from here on) and sends it. */
  const send = useCallback(
    async (body: string, attachment?: { fileId: string; name: string }) => {
      if (!me) return;
      await enqueue({
        clientId: crypto.randomUUID(),
        shipmentId,
        senderId: me.id,
        body,
        ...(attachment ? { fileId: attachment.fileId, attachmentName: attachment.name } : {}),
      });
      await reloadOutbox();
      await flush();
    },
    [me, shipmentId, reloadOutbox, flush],
  );

  const retry = useCallback(
    async (clientId: string) => {
      await retryEntry(clientId);
      await flush();
    },
    [flush],
  );

  const discard = useCallback(
    async (clientId: string) => {
      await removeFromOutbox(clientId);
      await reloadOutbox();
    },
    [reloadOutbox],
  );

  // ─── Live ──────────────────────────────────────────────────────────────────
  const catchUp = useCallback(async () => {
    const newest = messagesRef.current.at(-1);
    if (!newest) {
      await latest.refetch();
      return;
    }
    try {
      const since = await utils.client.chat.since.query({
        shipmentId,
        after: { id: newest.id, at: newest.createdAt.toISOString() },
      });
      if (since.hasMore) {
        // Too much missed to append: start again from the newest page.
        setExtra([]);
        setOlder(null);
        await latest.refetch();
      } else add(since.messages);
    } catch {
      // Offline again: the next resubscription catches up.
    }
  }, [latest, utils, shipmentId, add]);

  const channel = useShipmentChannel(shipmentId);
  const { trigger } = useChannel(
    channel,
    {
      [REALTIME_EVENTS.message]: (data) => {
        const message = fromEvent(data as TMessageEvent);
        add([message]);
        setTyping(({ [message.senderId]: _gone, ...rest }) => rest);
        if (message.clientId && message.senderId === me?.id) void reloadOutbox();
      },
      [REALTIME_EVENTS.read]: (data) => {
        const read = data as TReadEvent;
        setLiveReads((prev) => ({ ...prev, [read.userId]: new Date(read.lastReadAt) }));
      },
      [REALTIME_EVENTS.typing]: (data) => {
        // A client event comes from another browser, not from the server: its `name` is whatever that browser
        // wrote. Only the conversation's known parties count, shown under the name the server gave them.
        const t = data as Partial<TTypingEvent> | null;
        if (typeof t?.userId !== "string" || t.userId === me?.id) return;
        const name = knownPartyName(t.userId);
        if (!name) return;
        setTyping((prev) => ({ ...prev, [t.userId as string]: { name, until: Date.now() + TYPING_SHOW_FOR_MS } }));
      },
    },
    {
      onSync: () => {
        void catchUp();
        void flush();
      },
    },
  );

  // Clears "is typing…" once nobody has typed for TYPING_SHOW_FOR_MS.
  useEffect(() => {
    const untils = Object.values(typing).map((t) => t.until);
    if (untils.length === 0) return;
    const timer = setTimeout(
      () => {
        const now = Date.now();
        setTyping((prev) => Object.fromEntries(Object.entries(prev).filter(([, t]) => t.until > now)));
      },
      Math.max(0, Math.min(...untils) - Date.now()) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  const lastTypingSent = useRef(0);
  /** Call on every keystroke: tells the others at most every TYPING_SEND_EVERY_MS. */
  const notifyTyping = useCallback(() => {
    if (!me || Date.now() - lastTypingSent.current < TYPING_SEND_EVERY_MS) return;
    lastTypingSent.current = Date.now();
    const event: TTypingEvent = { userId: me.id, name: me.name };
    // Not subscribed yet: try again on the next keystroke instead of going quiet for 3 s.
    void trigger(REALTIME_EVENTS.typing as `client-${string}`, event).then((sent) => {
      if (!sent) lastTypingSent.current = 0;
    });
  }, [me, trigger]);

  // ─── Older pages ───────────────────────────────────────────────────────────
  const olderCursor = older ? older.cursor : (latest.data?.nextCursor ?? null);
  const loadOlder = useCallback(async () => {
    if (!olderCursor) return;
    setOlder({ cursor: olderCursor, loading: true, error: null });
    try {
      const page = await utils.client.chat.history.query({ shipmentId, before: olderCursor });
      add(page.messages);
      setOlder({ cursor: page.nextCursor, loading: false, error: null });
    } catch (error) {
      setOlder({ cursor: olderCursor, loading: false, error: errorMessage(error) });
    }
  }, [olderCursor, utils, shipmentId, add]);

  // ─── Reading ───────────────────────────────────────────────────────────────
  const { mutate: markRead } = api.chat.markRead.useMutation();
  const markedUpTo = useRef<string | null>(null);
  const markVisibleRead = useCallback(() => {
    if (!me || !isVisible.current()) return;
    const newest = [...messagesRef.current].reverse().find((m) => m.senderId !== me.id);
    if (!newest || markedUpTo.current === newest.id) return;
    markedUpTo.current = newest.id;
    markRead(
      { shipmentId, upTo: newest.id },
      {
        onError: () => {
          markedUpTo.current = null;
        },
      },
    );
  }, [me, shipmentId, markRead]);

  useEffect(() => {
    markVisibleRead();
    const onVisible = () => markVisibleRead();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [messages, markVisibleRead]);

  /** The other people's read positions: the newest of what the page loaded and what arrived live. */
  const reads = useMemo(() => {
    const out: Record<string, Date> = {};
    for (const r of latest.data?.reads ?? []) out[r.userId] = r.lastReadAt;
    for (const [userId, at] of Object.entries(liveReads)) {
      if (userId !== me?.id && (!out[userId] || out[userId] < at)) out[userId] = at;
    }
    return out;
  }, [latest.data, liveReads, me]);

  /** My newest message someone else has read up to: where "Seen" goes. */
  const seenId = useMemo(() => {
    if (!me) return null;
    const readUpTo = Math.max(0, ...Object.values(reads).map((d) => d.getTime()));
    const seen = messages.filter((m) => m.senderId === me.id && m.createdAt.getTime() <= readUpTo).at(-1);
    return seen?.id ?? null;
  }, [messages, reads, me]);

  const storedClientIds = useMemo(() => new Set(messages.map((m) => m.clientId)), [messages]);

  return {
    query: latest,
    me,
    messages,
    /** Messages not stored yet (oldest first): waiting to be sent, or refused. */
    pending: pending.filter((p) => !storedClientIds.has(p.clientId)),
    networkDown,
    pausedUntil,
    older: { cursor: olderCursor, loading: older?.loading ?? false, error: older?.error ?? null, load: loadOlder },
    seenId,
    typingNames: Object.values(typing).map((t) => t.name),
    send,
    retry,
    discard,
    notifyTyping,
    markVisibleRead,
  };
}
