// One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the `List-Unsubscribe` URL of
// a notification email, signed out and from anywhere; the signed token (src/server/notifications/unsubscribe.ts) is
// the authority, so no session or same-origin check applies. The /unsubscribe page's button posts here too and is
// sent back to the page with the outcome.
import { NextResponse } from "next/server";

import { env } from "~/env";
import { unsubscribe } from "~/server/notifications/unsubscribe";
import { withRequestLog } from "~/server/log/request-log";

export const dynamic = "force-dynamic";

/** 200 (one-click) or 303 back to the page (its form); 400 for a missing or forged token; nothing changes on GET. */
async function handlePost(req: Request): Promise<Response> {
  const url = new URL(req.url);
  let token = url.searchParams.get("token") ?? "";
  const form = req.headers.get("content-type")?.includes("application/x-www-form-urlencoded")
    ? new URLSearchParams(await req.text())
    : null;
  if (!token && form) token = form.get("token") ?? "";
  const done = token ? await unsubscribe(token) : null;
  const fromPage = form?.get("from") === "page";
  if (fromPage) {
    const back = new URL("/unsubscribe", env.APP_URL);
    back.searchParams.set("token", token);
    back.searchParams.set("result", done ? "done" : "invalid");
    return NextResponse.redirect(back, 303);
  }
  if (!done) return NextResponse.json({ error: "This unsubscribe link is not valid." }, { status: 400 });
  return NextResponse.json({ unsubscribed: done.type });
}

export const POST = withRequestLog("/api/unsubscribe", handlePost);
