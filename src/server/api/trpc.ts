/**
 * tRPC setup: context, error formatting and the procedure builders.
 * The inner context (session + db, no HTTP) is what tests pass to `createCaller`; the outer context reads the
 * request (cookie session, client IP) and builds the inner one.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";

import { env } from "~/env";
import { AppError, type TAppErrorCode } from "~/lib/app-error";
import { CROSS_SITE_MESSAGE, crossSiteRefusal } from "~/lib/csrf";
import { isAllowed, permissionFor } from "~/server/auth/rbac";
import { type TActiveSession, resolveRequestSession } from "~/server/auth/session";
import { db } from "~/server/db";
import { currentRequest } from "~/server/log/logger";
import { newRequestId, requestIdOf } from "~/server/log/request-id";
import { stripeConfigFromEnv, type TStripeConfig } from "~/server/integrations/stripe/client";
import { outsideServicesFromEnv, type TOutsideServices } from "~/server/places/outside-services";

// ─── Context ─────────────────────────────────────────────────────────────────

export type TRequestMeta = { ip: string; userAgent: string | null };

export type TInnerContext = {
  db: typeof db;
  session: TActiveSession | null;
  meta: TRequestMeta;
  /** Why this HTTP request may not run mutations (src/lib/csrf.ts); null when it may, or with no request. */
  crossSiteRefusal: string | null;
  /** Outside services the places procedures may call (Google with a key, Open-Meteo); from the environment. */
  outside: TOutsideServices;
  /** Stripe, when payments are on (STRIPE_SECRET_KEY); null: posting is free. */
  stripe: TStripeConfig | null;
  /** The HTTP request's id (src/server/log/request-id.ts), or a new one per caller; shown in "reference: …". */
  requestId: string;
};

export function createInnerTRPCContext(opts: {
  session: TActiveSession | null;
  meta?: Partial<TRequestMeta>;
  /** Tests pass their own (a stand-in key, or none); otherwise read from the environment. */
  outside?: TOutsideServices;
  /** Tests pass a stand-in's (or null for no payments); otherwise read from the environment. */
  stripe?: TStripeConfig | null;
  requestId?: string;
}): TInnerContext {
  return {
    db,
    session: opts.session,
    meta: { ip: opts.meta?.ip ?? "127.0.0.1", userAgent: opts.meta?.userAgent ?? null },
    crossSiteRefusal: null,
    outside: opts.outside ?? outsideServicesFromEnv(),
    stripe: opts.stripe === undefined ? stripeConfigFromEnv() : opts.stripe,
    requestId: opts.requestId ?? currentRequest()?.requestId ?? newRequestId(),
  };
}

const appOrigin = new URL(env.APP_URL).origin;

export async function createTRPCContext(opts: { headers: Headers }): Promise<TInnerContext> {
  const { session, meta } = await resolveRequestSession(opts.headers);
  return {
    ...createInnerTRPCContext({ session, meta, requestId: currentRequest()?.requestId ?? requestIdOf(opts.headers) }),
    crossSiteRefusal: crossSiteRefusal(opts.headers, { appOrigin, requireClientHeader: true }),
  };
}

// ─── Errors ──────────────────────────────────────────────────────────────────

const trpcCodeFor: Record<TAppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  NOT_CONFIGURED: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** The first issue's own message ("Messages can be at most 2,000 characters."), or a general one. */
function readableZodMessage(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Check the values you entered.";
  return issue.message;
}

const t = initTRPC.context<TInnerContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const app = cause instanceof AppError ? cause : null;
    const requestId = ctx?.requestId ?? currentRequest()?.requestId ?? null;
    return {
      ...shape,
      // Never leak internals of unexpected errors to the client; input errors read as their first field message,
      // not as the validator's JSON dump (the field messages are in `zodError`). The reference lets support find
      // the request's log lines and its Sentry event.
      message:
        error.code === "INTERNAL_SERVER_ERROR" && !app
          ? `Something went wrong. Please try again.${requestId ? ` (reference: ${requestId})` : ""}`
          : cause instanceof ZodError
            ? readableZodMessage(cause)
            : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        requestId,
        appCode: app?.code ?? null,
        fieldErrors: app?.fieldErrors ?? null,
        retryAfterSec: app?.retryAfterSec ?? null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

// ─── Middleware ──────────────────────────────────────────────────────────────

/** Services throw AppError; this turns it into the matching tRPC error (keeping it as the cause). */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const app = result.error.cause;
    throw new TRPCError({ code: trpcCodeFor[app.code], message: app.message, cause: app });
  }
  return result;
});

/**
 * A cross-site form can POST a mutation with the victim's cookies (tRPC accepts multipart FormData); only the
 * app's own client sends the custom header from the app's origin. Runs first, so a forged request changes nothing.
 */
const refuseCrossSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.crossSiteRefusal) {
    throw new TRPCError({ code: "FORBIDDEN", message: CROSS_SITE_MESSAGE });
  }
  return next();
});

/** Reads the permission table for the called path. Runs before input parsing, so denials never see input. */
const enforcePermissionTable = t.middleware(({ ctx, path, next }) => {
  const permission = permissionFor(path);
  if (!permission) {
    throw new TRPCError({ code: "FORBIDDEN", message: `No permission entry for ${path}.` });
  }
  if (!isAllowed(permission, ctx.session?.user.role ?? null)) {
    throw ctx.session
      ? new TRPCError({ code: "FORBIDDEN", message: "You do not have access to this." })
      : new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  }
  return next();
});

const requireSession = t.middleware(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

// ─── Procedures ──────────────────────────────────────────────────────────────

/** Anyone; the permission table must list the procedure as public. */
export const publicProcedure = t.procedure.use(refuseCrossSiteMutations).use(mapAppErrors).use(enforcePermissionTable);

/** A signed-in account with a live AuthSession; roles come from the permission table. */
export const protectedProcedure = publicProcedure.use(requireSession);

/** Signed in and email verified: required for posting shipments and accepting loads. */
export const verifiedProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.session.user.emailVerified) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Please verify your email address first." });
  }
  return next();
});

/** Signed in with one of `roles`; the permission table must agree (the matrix test checks both). */
export function roleProcedure(...roles: TActiveSession["user"]["role"][]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.session.user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You do not have access to this." });
    }
    return next();
  });
}
