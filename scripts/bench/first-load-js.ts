// `npm run bench:bundle`: the public tracking page's first-load JavaScript, gzip-sized, from the production build
// (issue 9: under 150 kB with the live map in place), and the size of the map chunk it loads after first paint.
//
// How: from the manifests `next build` (Next 16, Turbopack) writes, not from a browser. Next 16 no longer writes
// `.next/app-build-manifest.json`; per route it writes `server/app/<route>/page/build-manifest.json` (the
// `rootMainFiles`: runtime, React, the framework) and `server/app/<route>/page_client-reference-manifest.js`, whose
// `entryJSFiles` lists, for every entry of that route (root and nested layouts, the page, its not-found and
// metadata boundaries), the client chunks the HTML loads with <script async>. First load = rootMainFiles ∪ all of
// those; the nomodule polyfill chunk is left out (modern browsers skip it). Chunks behind `next/dynamic` or
// `import()` are not in entryJSFiles: they load after first paint. The map's are found by their module paths in
// the route's react-loadable-manifest.json and the base layers' import() groups inside them, and printed on their
// own (tracking.map_chunk_gzip: the wrapper, tRPC client and offline base as loaded here with no map provider). Reading manifests is deterministic and needs
// no server, database or browser, so it runs in CI in a second; a browser count would also include chunks that
// only load after hydration (the map), which is exactly what must be kept apart.
//
// Sizes: each chunk gzipped once with zlib level 9 (like `gzip -9`; a CDN's brotli would be smaller), in kB of
// 1,000 bytes. Builds first with `--build` or when there is no build in NEXT_DIST_DIR (default .next).
import "../local-env";

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const ROUTE = "/track/[token]/page";
const distDir = process.env.NEXT_DIST_DIR ?? ".next";

function bench(name: string, value: number, unit: string) {
  console.log(`BENCH ${name} ${Math.round(value * 10) / 10} ${unit}`);
}

const gzipKb = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(path.join(distDir, f)), { level: 9 }).length;
  return bytes / 1000;
};

/** Chunk paths as the manifests give them ("/_next/static/…" or "static/…"), relative to the build folder. */
const local = (file: string) => file.replace(/^\/?_next\//, "").replace(/^\//, "");

function build() {
  console.log(`Building into ${distDir} (next build)…`);
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    // What the browser gets does not depend on production secrets: skip their check, keep a valid APP_URL.
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      SKIP_ENV_VALIDATION: "1",
      APP_URL: process.env.APP_URL ?? "http://localhost:3000",
    },
  });
  if (r.status !== 0) throw new Error(`next build exited with ${r.status}`);
}

function main() {
  const routeDir = path.join(distDir, "server", "app", ...ROUTE.split("/").filter(Boolean));
  if (process.argv.includes("--build") || !existsSync(`${routeDir}_client-reference-manifest.js`)) build();

  const buildManifest = JSON.parse(readFileSync(path.join(routeDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  // The client reference manifest is a script that assigns globalThis.__RSC_MANIFEST[route].
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
  vm.runInNewContext(readFileSync(`${routeDir}_client-reference-manifest.js`, "utf8"), { globalThis: sandbox });
  const entries = sandbox.__RSC_MANIFEST?.[ROUTE]?.entryJSFiles;
  if (!entries) throw new Error(`No entryJSFiles for ${ROUTE} in ${routeDir}_client-reference-manifest.js`);

  const firstLoad = new Set(buildManifest.rootMainFiles.map(local));
  for (const files of Object.values(entries)) for (const f of files) firstLoad.add(local(f));

  // next/dynamic imports of the page (Turbopack keys them by module id): the map's wrapper, its tRPC client and
  // TanStack Query. Inside those chunks each base layer is its own `import()`, a list of chunks that
  // Turbopack's runtime loads together (`Promise.all(["static/chunks/…", …].map(load))`); a base layer's group is
  // the one holding the module that renders `data-map-provider="<provider>"`.
  const loadable = JSON.parse(readFileSync(path.join(routeDir, "react-loadable-manifest.json"), "utf8")) as Record<
    string,
    { files: string[] }
  >;
  const lazy = new Set<string>();
  for (const { files } of Object.values(loadable))
    for (const f of files) if (f.endsWith(".js") && !firstLoad.has(local(f))) lazy.add(local(f));
  const providers: Record<string, Set<string>> = {};
  for (const chunk of lazy) {
    const code = readFileSync(path.join(distDir, chunk), "utf8");
    for (const m of code.matchAll(/Promise\.all\(\[((?:"static\/chunks\/[^"]+\.(?:js|css)",?)+)\]/g)) {
      const group = [...m[1]!.matchAll(/"([^"]+)"/g)].map((g) => g[1]!).filter((f) => f.endsWith(".js"));
      for (const f of group) {
        const provider = /data-map-provider":"(\w+)"/.exec(readFileSync(path.join(distDir, f), "utf8"))?.[1];
        if (provider) providers[provider] = new Set(group.filter((g) => !firstLoad.has(g)));
      }
    }
  }
  if (lazy.size === 0 || !providers.offline) {
    throw new Error(`No lazily loaded live map (with its offline base) found for ${ROUTE}: is the map on the page?`);
  }
  const mapChunks = new Set([...lazy, ...providers.offline]);

  console.log(`First load of ${ROUTE}: ${[...firstLoad].join(", ")}`);
  console.log(`Map (after first paint): ${[...mapChunks].join(", ")}`);
  bench("tracking.first_load_js_gzip", gzipKb(firstLoad), "kB");
  bench("tracking.map_chunk_gzip", gzipKb(mapChunks), "kB");
  // With a provider configured, its base layer replaces the offline one (the rest of the map chunk is the same).
  for (const provider of ["maplibre", "google"]) {
    const group = providers[provider];
    if (group) bench(`tracking.map_chunk_gzip.${provider}`, gzipKb(new Set([...lazy, ...group])), "kB");
  }
}

main();
