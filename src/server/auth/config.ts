// next-auth (v4) with email + password. The JWT carries only the AuthSession id (`sid`); every request checks
// that row (see session.ts), so sign-out, revocation and disabling take effect at once.
import type { LoggerInstance, NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

import { env } from "~/env";
import { isAppError } from "~/lib/app-error";
import { ZEmailSchema } from "~/lib/schemas/auth";
import { decodeJwt, encodeJwt } from "~/server/auth/jwt";
import { clientIp } from "~/server/auth/client-ip";
import { SESSION_MAX_AGE_SEC } from "~/server/auth/session";
import {
  readSessionCookie,
  SESSION_COOKIE_NAME,
  sessionCookieOptions,
  type TSessionCookie,
} from "~/server/auth/session-cookie";
import { revokeSession } from "~/server/services/auth/sessions";
import { signInWithPassword } from "~/server/services/auth/sign-in";
import { logger } from "~/server/log/logger";

declare module "next-auth" {
  interface User {
    sid: string;
    role: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    role?: string;
  }
}

/**
 * next-auth's log, minus the noise anyone could make: JWT_SESSION_ERROR means the session cookie could not be read
 * (malformed, forged, expired, or sealed with an old secret). That is simply "signed out", as the app's own reader
 * treats it (session-cookie.ts), and next-auth already answers with an empty session and a cookie that clears it;
 * its default logger would print a 15-line stack per request, so a loop of requests with `Cookie:
 * next-auth.session-token=abc` could flood the log. Every other error is logged as next-auth would.
 */
/** next-auth's lines in the app's log. */
export const authLog = logger.child({ module: "next-auth" });

export const authLogger: Partial<LoggerInstance> = {
  error(code, metadata) {
    if (code === "JWT_SESSION_ERROR") return;
    authLog.error({ code, err: metadata }, `next-auth error ${code}`);
  },
};

export const authOptions: NextAuthOptions = {
  logger: authLogger,
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
  jwt: { encode: encodeJwt, decode: decodeJwt },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  useSecureCookies: env.APP_URL.startsWith("https://"),
  // Named once (session-cookie.ts) for next-auth and for the app's own reader, so they cannot drift apart.
  cookies: { sessionToken: { name: SESSION_COOKIE_NAME, options: sessionCookieOptions } },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = ZEmailSchema.safeParse(credentials?.email ?? "");
        const password = credentials?.password ?? "";
        if (!email.success || password.length === 0 || password.length > 128) {
          throw new Error("Email or password is incorrect.");
        }
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers ?? {})) if (typeof v === "string") headers.set(k, v);
        const previous = await readSessionCookie(headers.get("cookie"));
        try {
          const result = await signInWithPassword({
            email: email.data,
            password,
            ip: clientIp(headers),
            userAgent: headers.get("user-agent"),
            currentSessionId: previous.state === "valid" ? previous.sid : null,
            // next-auth has checked it against its cookie before calling authorize: it names this browser.
            browserKey: typeof req.body?.csrfToken === "string" ? req.body.csrfToken : null,
          });
          await endReplacedSession(previous);
          return { id: result.userId, sid: result.sessionId, role: result.role };
        } catch (error) {
          // next-auth hands this message to the sign-in form.
          if (isAppError(error)) throw new Error(error.message, { cause: error });
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sid = user.sid;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid, role: token.role };
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid && token.sub)
        await revokeSession({ userId: token.sub, sessionId: token.sid }).catch(() => undefined);
    },
  },
};

/**
 * The new cookie overwrites the browser's previous one, so that session could never be used or signed out again
 * from here: end it now (same or another account). Called after the new session exists, so a failed sign-in
 * leaves the current one alone. An unreadable or already ended previous session needs nothing. (The new session is
 * never the previous one: a double submission shares a session only with one the browser does not hold yet.)
 */
async function endReplacedSession(previous: TSessionCookie): Promise<void> {
  if (previous.state !== "valid" || !previous.userId) return;
  try {
    await revokeSession({ userId: previous.userId, sessionId: previous.sid });
  } catch (error) {
    if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
  }
}
