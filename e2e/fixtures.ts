// Playwright fixtures: every test gets users of its own, made in the database with the factories the seed and the
// integration tests use (prisma/factories.ts), and signs them in through next-auth's credentials endpoint instead of
// the form. Nothing is shared between tests, so the suite runs in parallel. scripts/e2e.ts gives this process the
// server's DATABASE_URL and AUTH_SECRET (a local PostgreSQL database: PGlite allows one process).
//
//   import { expect, test } from "./fixtures";
//   test("…", async ({ page, shipper }) => { await signInViaApi(page, shipper); await page.goto("/shipper"); });
import { type BrowserContextOptions, expect, type Page, test as base } from "@playwright/test";

import type { Role } from "~/generated/prisma/enums";
import { db } from "~/server/db";
import {
  createShipment,
  createUser,
  DEMO_PASSWORD,
  type TShipmentOptions,
  type TUserOptions,
} from "../prisma/factories";

export { expect };
export { db };

/** A user made for one test: the email is unique, the password is the demo password unless given. */
export type TE2eUser = { id: string; email: string; name: string; password: string; role: Role };

/** A new user in the database (see createUser for the options); a driver gets a profile (box truck, Chicago). */
export async function makeUser(opts: TUserOptions): Promise<TE2eUser> {
  const user = await createUser(db, opts);
  return { id: user.id, email: user.email, name: user.name, password: opts.password ?? DEMO_PASSWORD, role: user.role };
}

/** A shipment in any status with its history, plus its delivery code and tracking token (see createShipment). */
export function makeShipment(opts: TShipmentOptions) {
  return createShipment(db, opts);
}

/**
 * Signs `user` in through next-auth's credentials endpoint (CSRF token first, as the form does) with the page's
 * own request context, so the session cookie lands in the page's browser context. Throws with next-auth's answer
 * when the sign-in is refused. Use the form (support.ts `signInAs`) only where the form is what a test checks.
 */
export async function signInViaApi(page: Page, user: { email: string; password: string }): Promise<void> {
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true", callbackUrl: "/after-sign-in" },
    maxRedirects: 0,
  });
  const body = await res.text();
  const cookies = await page.context().cookies();
  if (!cookies.some((c) => c.name.endsWith("next-auth.session-token"))) {
    throw new Error(`API sign-in as ${user.email} failed: HTTP ${res.status()} ${body.slice(0, 200)}`);
  }
}

type TFixtures = {
  /** A fresh, verified shipper (not signed in). */
  shipper: TE2eUser;
  /** A fresh, verified driver: box truck, 5,000 kg, based in Chicago (not signed in). */
  driver: TE2eUser;
  /** A fresh admin (not signed in). */
  admin: TE2eUser;
  /** A page in a new browser context (its own cookies) signed in as `user` through the API; closed after the test. */
  pageAs: (user: TE2eUser, options?: BrowserContextOptions) => Promise<Page>;
};

/** A fixture giving each test a new user of `role`. */
function freshUser(role: Role) {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern.
  return async ({}, provide: (user: TE2eUser) => Promise<void>) => provide(await makeUser({ role }));
}

export const test = base.extend<TFixtures>({
  shipper: freshUser("SHIPPER"),
  driver: freshUser("DRIVER"),
  admin: freshUser("ADMIN"),
  pageAs: async ({ browser }, provide) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await provide(async (user, options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      await signInViaApi(page, user);
      return page;
    });
    // A page left open keeps polling and animating in the shared browser.
    await Promise.all(contexts.map((context) => context.close()));
  },
});
