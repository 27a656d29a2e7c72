// Pusher channel authorisation (https://pusher.com/docs/channels/server_api/authorizing-users/): pusher-js POSTs
// `socket_id` and `channel_name` (form-encoded) before subscribing to a private channel. The decision comes from the
// session cookie only (src/server/realtime/channel-access.ts). Every refusal is a bare 403: nothing tells a prober
// whether a shipment or token exists. A private channel goes only to a socket that signed in as the same session
// first (/api/pusher/user-auth; src/server/realtime/signed-in-sockets.ts): Pusher's terminate_connections reaches
// signed-in connections only, and revoking the session must cut off every connection that holds a channel.
import { env } from "~/env";
import { crossSiteRefusal } from "~/lib/csrf";
import { resolveRequestSession } from "~/server/auth/session";
import { maySubscribe } from "~/server/realtime/channel-access";
import { pusherServer } from "~/server/realtime/publish";
import { socketSignedInFor } from "~/server/realtime/signed-in-sockets";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const SOCKET_ID = /^\d{1,20}\.\d{1,20}$/;

function refuse(status: 400 | 403 | 503 = 403): Response {
  return new Response(null, { status, headers: NO_STORE });
}

/**
 * POST `socket_id=<digits.digits>&channel_name=<private-…>` → 200 `{ auth: "<key>:<hex HMAC-SHA256>" }`.
 * 400 on a malformed body; 403 when the session may not subscribe, when `socket_id` has not signed in as this
 * session through /api/pusher/user-auth, or when the request is cross-site; 503 when Pusher is not configured.
 */
async function handlePost(req: Request): Promise<Response> {
  if (crossSiteRefusal(req.headers, { appOrigin: new URL(env.APP_URL).origin, requireClientHeader: true })) {
    return refuse(403);
  }
  const pusher = pusherServer();
  if (!pusher) return refuse(503);
  let form: URLSearchParams;
  try {
    const text = await req.text();
    if (text.length > 1024) return refuse(400);
    form = new URLSearchParams(text);
  } catch {
    return refuse(400);
  }
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  if (!SOCKET_ID.test(socketId) || channel.length === 0 || channel.length > 164) return refuse(400);
  const { session } = await resolveRequestSession(req.headers);
  if (!(await maySubscribe(session, channel))) return refuse(403);
  if (!session || !(await socketSignedInFor(socketId, session.id))) return refuse(403);
  return Response.json(pusher.authorizeChannel(socketId, channel), { headers: NO_STORE });
}

export const POST = withRequestLog("/api/pusher/auth", handlePost);
