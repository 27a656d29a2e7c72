// Pusher user authentication (https://pusher.com/docs/channels/server_api/authenticating-users/): pusher-js POSTs
// `socket_id` (form-encoded) when the signed-in frame calls `pusher.signin()`, so the connection belongs to the user
// and the server can end it (terminateUserConnections) when the session is revoked, the password changes or the
// account is disabled (src/server/realtime/terminate.ts). The session cookie decides; every refusal is bare.
// The socket is recorded for the session (src/server/realtime/signed-in-sockets.ts): /api/pusher/auth gives private
// channels only to sockets signed in here, so no connection can hold one beyond the reach of a revocation.
import { env } from "~/env";
import { crossSiteRefusal } from "~/lib/csrf";
import { resolveRequestSession } from "~/server/auth/session";
import { pusherServer } from "~/server/realtime/publish";
import { bindSocketToSession } from "~/server/realtime/signed-in-sockets";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;

function refuse(status: 400 | 403 | 503): Response {
  return new Response(null, { status, headers: NO_STORE });
}

/**
 * POST `socket_id=<digits.digits>` → 200 `{ auth: "<key>:<hex HMAC-SHA256 of socket_id::user::user_data>",
 * user_data: '{"id":"<userId>"}' }` for a signed-in session. 400 on a malformed body, 403 signed out or cross-site,
 * 503 when Pusher is not configured, 403 too when the socket was already signed in by another session (a socket
 * is bound to its first session for good). The user data is the id only: other subscribers never see it.
 */
async function handlePost(req: Request): Promise<Response> {
  if (crossSiteRefusal(req.headers, { appOrigin: new URL(env.APP_URL).origin, requireClientHeader: true })) {
    return refuse(403);
  }
  const pusher = pusherServer();
  if (!pusher) return refuse(503);
  let socketId: string;
  try {
    const text = await req.text();
    if (text.length > 1024) return refuse(400);
    socketId = new URLSearchParams(text).get("socket_id") ?? "";
  } catch {
    return refuse(400);
  }
  if (!SOCKET_ID.test(socketId)) return refuse(400);
  const { session } = await resolveRequestSession(req.headers);
  if (!session) return refuse(403);
  if (!(await bindSocketToSession(socketId, { id: session.id, userId: session.user.id }))) return refuse(403);
  return Response.json(pusher.authenticateUser(socketId, { id: session.user.id }), { headers: NO_STORE });
}

export const POST = withRequestLog("/api/pusher/user-auth", handlePost);
