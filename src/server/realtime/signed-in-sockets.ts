// Which Pusher connections signed in as which session. Pusher can end a user's connections
// (terminate_connections, src/server/realtime/terminate.ts) only when they signed in (pusher:signin); a script
// holding a session cookie could otherwise subscribe to private channels without signing in and keep hearing them
// after the session is revoked. So /api/pusher/user-auth records the socket here, and /api/pusher/auth gives a
// private channel only to a socket recorded for the requesting session.
//
// A socket is bound once: the first session that signs it in keeps it, and a sign-in for the same socket from any
// other session is refused. Without that, a socket could be signed in as one user (the one Pusher would end) and
// then recorded for another session, whose revocation would not reach it.
import { db } from "~/server/db";

/** How long a record lives without use, in seconds; every channel authorisation for the socket extends it. */
export const SIGNED_IN_SOCKET_TTL_SEC = 24 * 60 * 60;

/**
 * Records that `socketId` ("digits.digits", Pusher's socket id) signs in as `userId` for session `sessionId`, with
 * an expiry of SIGNED_IN_SOCKET_TTL_SEC from now. Returns false, recording nothing, when the socket is already bound
 * to another session (unexpired); true when it is now bound to this one (first time or again: pusher-js signs in
 * once per connection, a repeat only extends the expiry). Purges up to 100 expired rows on the way. One statement
 * each; throws only on a database failure.
 */
export async function bindSocketToSession(socketId: string, session: { id: string; userId: string }): Promise<boolean> {
  await db.$executeRaw`
    DELETE FROM "RealtimeSocket" WHERE "socketId" IN (
      SELECT "socketId" FROM "RealtimeSocket" WHERE "expiresAt" < now() LIMIT 100)`;
  const rows = await db.$queryRaw<{ socketId: string }[]>`
    INSERT INTO "RealtimeSocket" ("socketId", "userId", "sessionId", "expiresAt")
    VALUES (${socketId}, ${session.userId}, ${session.id}, now() + make_interval(secs => ${SIGNED_IN_SOCKET_TTL_SEC}::double precision))
    ON CONFLICT ("socketId") DO UPDATE
      SET "userId" = EXCLUDED."userId", "sessionId" = EXCLUDED."sessionId", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "RealtimeSocket"."sessionId" = EXCLUDED."sessionId" OR "RealtimeSocket"."expiresAt" < now()
    RETURNING "socketId"`;
  return rows.length === 1;
}

/**
 * True when `socketId` was signed in (bindSocketToSession) by session `sessionId` and has not expired; extends its
 * expiry to SIGNED_IN_SOCKET_TTL_SEC from now. One statement; throws only on a database failure.
 */
export async function socketSignedInFor(socketId: string, sessionId: string): Promise<boolean> {
  const touched = await db.$executeRaw`
    UPDATE "RealtimeSocket" SET "expiresAt" = now() + make_interval(secs => ${SIGNED_IN_SOCKET_TTL_SEC}::double precision)
    WHERE "socketId" = ${socketId} AND "sessionId" = ${sessionId} AND "expiresAt" > now()`;
  return touched === 1;
}
