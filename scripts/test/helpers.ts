// Shared by integration tests: callers acting as a given user (a real AuthSession row behind each) and the
// Resend stand-in's outbox (read once the Inngest functions that send email have run).
import type { SentEmail } from "../../devstack/resend/server";
import { createUser, type TUserOptions } from "../../prisma/factories";
import { createCaller } from "~/server/api/root";
import { createInnerTRPCContext } from "~/server/api/trpc";
import { loadActiveSession, type TActiveSession } from "~/server/auth/session";
import { db } from "~/server/db";
import type { TOutsideServices } from "~/server/places/outside-services";
import { settleInngest } from "./inngest";

export async function sessionFor(userId: string): Promise<TActiveSession> {
  const row = await db.authSession.create({ data: { userId, expiresAt: new Date(Date.now() + 24 * 3600_000) } });
  const session = await loadActiveSession(row.id);
  if (!session) throw new Error("session did not load");
  return session;
}

export function callerWith(session: TActiveSession | null, ip = "127.0.0.1", outside?: TOutsideServices) {
  return createCaller(createInnerTRPCContext({ session, meta: { ip, userAgent: "vitest" }, outside }));
}

/** A new user of `role` and a caller signed in as them. */
export async function signedIn(opts: TUserOptions) {
  const user = await createUser(db, opts);
  const session = await sessionFor(user.id);
  return { user, session, caller: callerWith(session) };
}

export const anonymous = () => callerWith(null);

/** The emails sent to `to`, newest first, once every Inngest run started so far has done its work. */
export async function outboxFor(to: string): Promise<SentEmail[]> {
  await settleInngest();
  const res = await fetch(`${process.env.RESEND_BASE_URL}/__outbox?to=${encodeURIComponent(to)}`);
  const body = (await res.json()) as { emails: SentEmail[] };
  return body.emails;
}

/** The first link to APP_URL in the newest email to `to` whose subject matches. */
export async function linkFromEmail(to: string, subject: RegExp): Promise<URL> {
  const mail = (await outboxFor(to)).find((m) => subject.test(m.subject));
  if (!mail?.text) throw new Error(`no email to ${to} matching ${subject}`);
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error("email has no link");
  return new URL(match[0]);
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@test.local`;
}
