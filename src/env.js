// The one place that reads process.env. Every variable is documented in .env.example. A missing production
// secret fails the build; a missing optional key switches its feature off (and the feature says so).
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

const isProduction = process.env.NODE_ENV === "production";
const optionalUrl = z.url().optional();
const signingKey = z.string().regex(/^signkey-\w+-[0-9a-f]+$/, "must look like signkey-<env>-<hex>");

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // PostgreSQL connection; when unset the app uses embedded PGlite in PGLITE_DATA_DIR.
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === "" || /^postgres(ql)?:\/\//.test(v), {
        message: "must start with postgres:// or postgresql://",
      }),
    PGLITE_DATA_DIR: z.string().default(".data/pglite"),
    // Signs session JWTs. `npm run dev` and the test scripts generate one when it is missing.
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
    APP_URL: z.url().default("http://localhost:3000"),
    // Reverse proxies you control in front of the app; 0 = clients connect directly (src/server/auth/client-ip.ts).
    TRUSTED_PROXY_HOPS: z
      .string()
      .regex(/^\d{1,2}$/, "must be a whole number of proxies (0-99)")
      .default("0")
      .transform(Number),

    // Email (Resend). The SDK talks to RESEND_BASE_URL (the devstack stand-in in development).
    RESEND_API_KEY: isProduction ? z.string().min(1) : z.string().optional(),
    RESEND_BASE_URL: optionalUrl,
    EMAIL_FROM: z.string().default("Trial Transport <no-reply@trial-transport.test>"),

    // Realtime (Pusher Channels), payments (Stripe), uploads, SMS, maps, push: later issues wire these.
    PUSHER_APP_ID: z.string().optional(),
    PUSHER_KEY: z.string().optional(),
    PUSHER_SECRET: z.string().optional(),
    // Self-hosted or stand-in server (soketi, devstack/pusher): HTTP API and WebSocket on one host and port.
    PUSHER_HOST: z.string().optional(),
    PUSHER_PORT: z.coerce.number().int().optional(),
    // Pusher's hosted service: the cluster (e.g. mt1, eu) instead of a host; TLS is then always on.
    PUSHER_CLUSTER: z.string().optional(),
    PUSHER_USE_TLS: z.enum(["true", "false"]).optional(),
    // Payments (issue 13). Production takes no money without them: a shipper could not pay to post and no webhook
    // would be accepted, so a production build or start without both fails here (the e2e build gets the stand-in's).
    STRIPE_SECRET_KEY: isProduction
      ? z
          .string({ error: "is required in production" })
          .regex(/^(sk|rk)_(live|test)_\S+$/, "must be a Stripe secret key (sk_live_… or sk_test_…)")
      : z.string().optional(),
    STRIPE_WEBHOOK_SECRET: isProduction
      ? z
          .string({ error: "is required in production" })
          .regex(/^whsec_\S+$/, "must be a webhook signing secret (whsec_…)")
      : z.string().optional(),
    STRIPE_API_HOST: z.string().optional(),
    STRIPE_API_PORT: z.coerce.number().int().optional(),
    // "http" for the devstack stand-in; unset, https (api.stripe.com).
    STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
    UPLOADTHING_TOKEN: z.string().optional(),
    UPLOADTHING_INGEST_URL: optionalUrl,
    UPLOADTHING_API_URL: optionalUrl,
    // Host serving files, e.g. the stand-in's localhost:4014 (file URLs use /a/<appId>/<key> on it); unset: ufs.sh.
    UPLOADTHING_UFS_HOST: z.string().optional(),
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    TWILIO_FROM_NUMBER: z.string().optional(),
    TWILIO_BASE_URL: optionalUrl,
    // Background jobs (Inngest). Production needs both keys (Inngest Cloud, or a self-hosted server at
    // INNGEST_BASE_URL); local runs get the devstack executor's URL and keys.
    INNGEST_EVENT_KEY: isProduction ? z.string().min(1) : z.string().optional(),
    INNGEST_SIGNING_KEY: isProduction ? signingKey : signingKey.optional(),
    INNGEST_BASE_URL: optionalUrl,
    // `1` or a dev server's origin: the SDK's development mode, which skips request signatures. Refused in production.
    INNGEST_DEV: isProduction
      ? z.undefined({ error: "must not be set in production: it turns off request signatures" })
      : z.string().optional(),
    // Server-side Google Maps Platform (Places API (New), Geocoding, Routes): unset, address search, routes and
    // distances use the offline gazetteer and great-circle estimates (src/server/places/).
    GOOGLE_MAPS_API_KEY: z.string().optional(),
    // Sends those calls to another host (the devstack stand-in); unset, to Google's own hosts.
    GOOGLE_MAPS_API_BASE_URL: optionalUrl,
    // Open-Meteo's forecast API (no key); unset, https://api.open-meteo.com. Unreachable: "weather unavailable".
    OPEN_METEO_BASE_URL: optionalUrl,
    // The live map's base layer, read at request time (src/server/maps/config.ts); none set: the offline map.
    GOOGLE_MAPS_BROWSER_KEY: z.string().optional(),
    GOOGLE_MAPS_MAP_ID: z.string().optional(),
    MAP_STYLE_URL: optionalUrl,
    MAP_EXTRA_ORIGINS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(",").map((o) => o.trim()) : []))
      .pipe(z.array(z.url().transform((u) => new URL(u).origin))),
    VAPID_PRIVATE_KEY: z.string().optional(),
    VAPID_SUBJECT: z.string().optional(),
    // Server log level (pino): trace, debug, info, warn, error, fatal or silent. Unset: info (silent under Vitest).
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
    // Error and performance monitoring (Sentry). Unset: the SDK is not started and nothing is sent anywhere.
    SENTRY_DSN: optionalUrl,
    SENTRY_ENVIRONMENT: z.string().optional(),
    // Share of requests traced (0-1); slow requests are what traces are for. Unset: 0.1 (1 in development).
    SENTRY_TRACES_SAMPLE_RATE: z.coerce.number().min(0).max(1).optional(),
    // Spotlight, Sentry's local viewer: "true" (its default sidecar on localhost:8969) or the sidecar's stream URL.
    // Development only; it works with no DSN and sends nothing beyond that local address.
    SENTRY_SPOTLIGHT: isProduction
      ? z.undefined({ error: "must not be set in production" })
      : z.union([z.literal("true"), z.url()]).optional(),
  },
  client: {
    NEXT_PUBLIC_VAPID_PUBLIC_KEY: z.string().optional(),
    // Development only: "true" also sends the browser's errors to Spotlight (the SENTRY_SPOTLIGHT sidecar).
    NEXT_PUBLIC_SENTRY_SPOTLIGHT: isProduction
      ? z.undefined({ error: "must not be set in production" })
      : z.literal("true").optional(),
  },
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_DATA_DIR: process.env.PGLITE_DATA_DIR,
    AUTH_SECRET: process.env.AUTH_SECRET,
    APP_URL: process.env.APP_URL,
    TRUSTED_PROXY_HOPS: process.env.TRUSTED_PROXY_HOPS,
    RESEND_API_KEY: process.env.RESEND_API_KEY,
    RESEND_BASE_URL: process.env.RESEND_BASE_URL,
    EMAIL_FROM: process.env.EMAIL_FROM,
    PUSHER_APP_ID: process.env.PUSHER_APP_ID,
    PUSHER_KEY: process.env.PUSHER_KEY,
    PUSHER_SECRET: process.env.PUSHER_SECRET,
    PUSHER_HOST: process.env.PUSHER_HOST,
    PUSHER_PORT: process.env.PUSHER_PORT,
    PUSHER_CLUSTER: process.env.PUSHER_CLUSTER,
    PUSHER_USE_TLS: process.env.PUSHER_USE_TLS,
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_HOST: process.env.STRIPE_API_HOST,
    STRIPE_API_PORT: process.env.STRIPE_API_PORT,
    STRIPE_API_PROTOCOL: process.env.STRIPE_API_PROTOCOL,
    UPLOADTHING_TOKEN: process.env.UPLOADTHING_TOKEN,
    UPLOADTHING_INGEST_URL: process.env.UPLOADTHING_INGEST_URL,
    UPLOADTHING_API_URL: process.env.UPLOADTHING_API_URL,
    UPLOADTHING_UFS_HOST: process.env.UPLOADTHING_UFS_HOST,
    TWILIO_ACCOUNT_SID: process.env.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: process.env.TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: process.env.TWILIO_FROM_NUMBER,
    TWILIO_BASE_URL: process.env.TWILIO_BASE_URL,
    INNGEST_EVENT_KEY: process.env.INNGEST_EVENT_KEY,
    INNGEST_SIGNING_KEY: process.env.INNGEST_SIGNING_KEY,
    INNGEST_BASE_URL: process.env.INNGEST_BASE_URL,
    INNGEST_DEV: process.env.INNGEST_DEV,
    GOOGLE_MAPS_API_KEY: process.env.GOOGLE_MAPS_API_KEY,
    GOOGLE_MAPS_API_BASE_URL: process.env.GOOGLE_MAPS_API_BASE_URL,
    OPEN_METEO_BASE_URL: process.env.OPEN_METEO_BASE_URL,
    GOOGLE_MAPS_BROWSER_KEY: process.env.GOOGLE_MAPS_BROWSER_KEY,
    GOOGLE_MAPS_MAP_ID: process.env.GOOGLE_MAPS_MAP_ID,
    MAP_STYLE_URL: process.env.MAP_STYLE_URL,
    MAP_EXTRA_ORIGINS: process.env.MAP_EXTRA_ORIGINS,
    VAPID_PRIVATE_KEY: process.env.VAPID_PRIVATE_KEY,
    VAPID_SUBJECT: process.env.VAPID_SUBJECT,
    LOG_LEVEL: process.env.LOG_LEVEL,
    SENTRY_DSN: process.env.SENTRY_DSN,
    SENTRY_ENVIRONMENT: process.env.SENTRY_ENVIRONMENT,
    SENTRY_TRACES_SAMPLE_RATE: process.env.SENTRY_TRACES_SAMPLE_RATE,
    SENTRY_SPOTLIGHT: process.env.SENTRY_SPOTLIGHT,
    NEXT_PUBLIC_VAPID_PUBLIC_KEY: process.env.NEXT_PUBLIC_VAPID_PUBLIC_KEY,
    NEXT_PUBLIC_SENTRY_SPOTLIGHT: process.env.NEXT_PUBLIC_SENTRY_SPOTLIGHT,
  },
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  emptyStringAsUndefined: true,
});
