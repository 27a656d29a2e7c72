// The one reader of the session cookie, shared by the proxy, the tRPC context, page layouts and next-auth's
// sign-in. It never throws: a cookie that cannot be read (bad percent-encoding, not a JWT, another secret,
// truncated, expired) is "invalid", which every caller treats as signed out and the proxy clears.
import { env } from "~/env";
import { decodeJwt } from "~/server/auth/jwt";

/** next-auth's own naming: the `__Secure-` prefix exactly when the app is served over https. */
const secureCookies = env.APP_URL.startsWith("https://");
export const SESSION_COOKIE_NAME = `${secureCookies ? "__Secure-" : ""}next-auth.session-token`;

/** The options next-auth writes the cookie with; clearing must repeat them or browsers keep the old one. */
export const sessionCookieOptions = { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies } as const;

export type TSessionCookie =
  | { state: "absent" }
  | { state: "invalid" }
  | { state: "valid"; sid: string; userId: string | null; role: string | null };

/**
 * The raw value of cookie `name` in a `Cookie` header, percent-decoded, or `undefined` when absent and `null`
 * when present but not decodable (a lone `%`). The first occurrence wins, as in browsers' own ordering.
 */
export function cookieValue(header: string | null | undefined, name: string): string | null | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return undefined;
}

/** Reads and verifies the session cookie in a `Cookie` header; see `TSessionCookie`. Never throws. */
export async function readSessionCookie(header: string | null | undefined): Promise<TSessionCookie> {
  const raw = cookieValue(header, SESSION_COOKIE_NAME);
  if (raw === undefined) return { state: "absent" };
  if (!raw) return { state: "invalid" };
  try {
    const token = await decodeJwt({ token: raw, secret: env.AUTH_SECRET });
    if (!token || typeof token.sid !== "string") return { state: "invalid" };
    return {
      state: "valid",
      sid: token.sid,
      userId: typeof token.sub === "string" ? token.sub : null,
      role: typeof token.role === "string" ? token.role : null,
    };
  } catch {
    return { state: "invalid" };
  }
}

/** A `Set-Cookie` value that makes the browser drop the session cookie. */
export function clearedSessionCookie(): string {
  const secure = sessionCookieOptions.secure ? "; Secure" : "";
  return `${SESSION_COOKIE_NAME}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}

/** The `Cookie` header without the session cookie, so nothing downstream sees an unreadable one. */
export function withoutSessionCookie(header: string): string {
  return header
    .split(";")
    .filter((part) => {
      const eq = part.indexOf("=");
      return (eq > 0 ? part.slice(0, eq) : part).trim() !== SESSION_COOKIE_NAME;
    })
    .map((part) => part.trim())
    .filter(Boolean)
    .join("; ");
}
