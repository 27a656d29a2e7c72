// Ending a user's live connections when their access changes: a revoked session, a new password, a disabled
// account, signing out. Pusher cannot drop one subscription, but it can close every connection that signed in as a
// user (pusher:signin through /api/pusher/user-auth); the user's other, still valid tabs reconnect, sign in and
// subscribe again, and a tab whose session is gone is refused at /api/pusher/auth.
import { pusherServer } from "./publish";
import { logger } from "~/server/log/logger";

/**
 * Closes every Pusher connection signed in as `userId` (Pusher's terminate_connections). Resolves true when Pusher
 * accepted it, false when Pusher is not configured or refused (logged). Never throws: call it after the change
 * has committed; the session check at /api/pusher/auth still refuses any new subscription.
 */
export async function terminateUserConnections(userId: string): Promise<boolean> {
  const pusher = pusherServer();
  if (!pusher) return false;
  try {
    await pusher.terminateUserConnections(userId);
    return true;
  } catch (error) {
    logger.warn({ module: "realtime", userId, err: error }, "realtime: ending a user's connections failed");
    return false;
  }
}
