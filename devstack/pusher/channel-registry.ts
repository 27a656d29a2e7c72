// Who is subscribed to what, and the presence member lists; in memory (the stand-in is one process).
// Knows nothing of WebSockets: a subscriber is anything with a socket id and a way to receive a frame.
import { channelKind, type PresenceMember } from "./protocol";

/** A frame as sent to clients: `data` is a string (Pusher double-encodes) except for relayed client events. */
export type OutboundFrame = { event: string; channel?: string; data: unknown; user_id?: string };

/**
 * A frame encoded once for all its recipients: the UTF-8 bytes of its JSON. A broadcast to 1,000 sockets used to
 * stringify and encode the same frame 1,000 times (scripts/bench/realtime.ts measured the stand-in's CPU per event).
 */
export type EncodedFrame = Buffer;

export function encodeFrame(frame: OutboundFrame): EncodedFrame {
  return Buffer.from(JSON.stringify(frame), "utf8");
}

/** `send` receives the shared encoded frame: it must not modify it. */
export type Subscriber = { socketId: string; send(frame: EncodedFrame): void };

type Member = { info: unknown; socketIds: Set<string> };
type Channel = { subscribers: Map<string, { subscriber: Subscriber; userId?: string }>; members: Map<string, Member> };

export type PresenceSnapshot = { ids: string[]; hash: Record<string, unknown>; count: number };

export class ChannelRegistry {
  private readonly channels = new Map<string, Channel>();

  isSubscribed(channel: string, socketId: string): boolean {
    return this.channels.get(channel)?.subscribers.has(socketId) ?? false;
  }

  /** The number of users (not sockets) on a presence channel, for the member limit. */
  memberCount(channel: string): number {
    return this.channels.get(channel)?.members.size ?? 0;
  }

  hasMember(channel: string, userId: string): boolean {
    return this.channels.get(channel)?.members.has(userId) ?? false;
  }

  /**
   * Adds the subscriber (idempotent). On a presence channel the member is added too, and when the user was not
   * already present through another socket, `member_added` goes to every other subscriber (one member per user_id).
   */
  subscribe(channelName: string, subscriber: Subscriber, member?: PresenceMember): void {
    let channel = this.channels.get(channelName);
    if (!channel) {
      channel = { subscribers: new Map(), members: new Map() };
      this.channels.set(channelName, channel);
    }
    if (channel.subscribers.has(subscriber.socketId)) return;
    channel.subscribers.set(subscriber.socketId, { subscriber, userId: member?.userId });
    if (!member) return;
    const existing = channel.members.get(member.userId);
    if (existing) {
      existing.socketIds.add(subscriber.socketId);
      return;
    }
    channel.members.set(member.userId, { info: member.userInfo, socketIds: new Set([subscriber.socketId]) });
    this.broadcast(
      channelName,
      {
        event: "pusher_internal:member_added",
        channel: channelName,
        data: JSON.stringify({ user_id: member.userId, user_info: member.userInfo }),
      },
      subscriber.socketId,
    );
  }

  /** Removes the subscriber; `member_removed` goes out when it was the user's last socket on the channel. */
  unsubscribe(channelName: string, socketId: string): void {
    const channel = this.channels.get(channelName);
    const entry = channel?.subscribers.get(socketId);
    if (!channel || !entry) return;
    channel.subscribers.delete(socketId);
    const member = entry.userId === undefined ? undefined : channel.members.get(entry.userId);
    if (member && entry.userId !== undefined) {
      member.socketIds.delete(socketId);
      if (member.socketIds.size === 0) {
        channel.members.delete(entry.userId);
        this.broadcast(channelName, {
          event: "pusher_internal:member_removed",
          channel: channelName,
          data: JSON.stringify({ user_id: entry.userId }),
        });
      }
    }
    if (channel.subscribers.size === 0) this.channels.delete(channelName);
  }

  /** The user id a socket subscribed to a presence channel with (for `user_id` on its client events). */
  userIdOf(channelName: string, socketId: string): string | undefined {
    return this.channels.get(channelName)?.subscribers.get(socketId)?.userId;
  }

  presence(channelName: string): PresenceSnapshot {
    const members = this.channels.get(channelName)?.members ?? new Map<string, Member>();
    const hash: Record<string, unknown> = {};
    for (const [id, member] of members) hash[id] = member.info;
    return { ids: [...members.keys()], hash, count: members.size };
  }

  /** Sends `frame` to every subscriber of the channel except `exceptSocketId`; returns how many got it. */
  broadcast(channelName: string, frame: OutboundFrame, exceptSocketId?: string): number {
    const channel = this.channels.get(channelName);
    if (!channel) return 0;
    const encoded = encodeFrame(frame);
    let sent = 0;
    for (const [socketId, { subscriber }] of channel.subscribers) {
      if (socketId === exceptSocketId) continue;
      subscriber.send(encoded);
      sent++;
    }
    return sent;
  }

  /** Occupied channels (at least one subscriber) whose name starts with `prefix`. */
  occupied(prefix = ""): string[] {
    return [...this.channels.keys()].filter((name) => name.startsWith(prefix));
  }

  /** What the HTTP API reports about one channel; an unknown channel is simply unoccupied. */
  info(channelName: string): { occupied: boolean; subscriptionCount: number; userCount: number | undefined } {
    const channel = this.channels.get(channelName);
    return {
      occupied: (channel?.subscribers.size ?? 0) > 0,
      subscriptionCount: channel?.subscribers.size ?? 0,
      userCount: channelKind(channelName) === "presence" ? (channel?.members.size ?? 0) : undefined,
    };
  }
}
