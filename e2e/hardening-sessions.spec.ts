// Issue 8, section 2 in a real browser against the production build: an unreadable session cookie, the
// per-request Content-Security-Policy, and a cross-site form posting to a tRPC mutation.
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from "@playwright/test";

import { DEMO_PASSWORD, signInAs } from "./support";

const port = Number(process.env.E2E_PORT ?? 3100);
const appOrigin = `http://127.0.0.1:${port}`;
const COOKIE = "next-auth.session-token";
const NEW_PASSWORD = "Sturdy-Trucks-Roll-2026";

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** The Set-Cookie lines of a response that expire the session cookie. */
function clearsSessionCookie(headers: { name: string; value: string }[]): boolean {
  return headers.some(
    (h) =>
      h.name.toLowerCase() === "set-cookie" &&
      h.value.startsWith(`${COOKIE}=;`) &&
      /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(h.value),
  );
}

/** Registers a shipper the way the app's own client does (tRPC over HTTP with its header). */
async function registerShipper(request: APIRequestContext, email: string): Promise<void> {
  const res = await request.post("/api/trpc/auth.register", {
    headers: { "x-trpc-source": "e2e", origin: appOrigin },
    data: { json: { role: "SHIPPER", name: "Sid Sessions", email, password: NEW_PASSWORD } },
  });
  expect(res.status()).toBe(200);
}

/** Records CSP violations seen by the page: the DOM event and Chromium's console report. */
async function watchCsp(context: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|connect|apply)/i.test(msg.text()))
      fromConsole.push(msg.text());
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
    );
  });
  return async () => {
    const fromDom = await page.evaluate(
      () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
    );
    return [...fromConsole, ...fromDom];
  };
}

test.describe("an unreadable session cookie", () => {
  for (const path of ["/", "/sign-in", "/api/trpc/health.status"]) {
    test(`${path} answers 200 to a '%' session cookie and clears it`, async ({ request }) => {
      const res = await request.get(path, { headers: { cookie: `${COOKIE}=%` }, maxRedirects: 0 });
      expect(res.status()).toBe(200);
      expect(clearsSessionCookie(res.headersArray())).toBe(true);
    });
  }

  test("a browser with a broken cookie sees the home page signed out, and the cookie is gone", async ({
    page,
    context,
  }) => {
    await context.addCookies([{ name: COOKIE, value: "%", url: appOrigin }]);
    const res = await page.goto("/");
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === COOKIE)).toBeUndefined();
  });
});

test.describe("Content-Security-Policy", () => {
  test("every response gets its own script nonce with strict-dynamic and no inline scripts", async ({ request }) => {
    const policies = await Promise.all(
      [1, 2].map(async () => (await request.get("/sign-in")).headers()["content-security-policy"] ?? ""),
    );
    for (const csp of policies) {
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scriptSrc).toContain("'strict-dynamic'");
      expect(scriptSrc).not.toContain("unsafe-inline");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/connect-src[^;]*(\*|ws:(?!\/\/)|wss:(?!\/\/))/);
    }
    expect(policies[0]).not.toBe(policies[1]);
  });

  test("public pages and each role's pages run their scripts with no CSP violation", async ({ page, context }) => {
    const violations = await watchCsp(context, page);

    // Public pages. The reset request is a tRPC mutation sent by the hydrated form: it proves scripts, connect-src
    // and the CSRF header together.
    await page.goto("/forgot-password");
    await page.getByLabel("Email", { exact: true }).fill(`csp-${Date.now()}@example.test`);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account exists for that email, we sent a link.");
    for (const path of ["/", "/register", "/reset-password?token=x", "/verify?token=x"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    expect(await violations()).toEqual([]);

    // One role at a time, signing in through the form: it only works once React has hydrated it.
    for (const [email, home] of [
      ["shipper@demo.test", "/shipper"],
      ["driver@demo.test", "/driver"],
      ["admin@demo.test", "/admin"],
    ] as const) {
      await context.clearCookies();
      await signInAs(page, email, DEMO_PASSWORD);
      await expect(page).toHaveURL(new RegExp(`${home}$`));
      await page.waitForLoadState("networkidle");
      expect(await violations()).toEqual([]);
      await page.goto("/account");
      await expect(page.getByText("Signed-in devices")).toBeVisible();
      expect(await violations()).toEqual([]);
    }

    // next-auth's sign-out (a same-origin POST with its CSRF token) still works under the Origin check.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await violations()).toEqual([]);
  });
});

test.describe("cross-site request forgery", () => {
  test("a form on another origin of the same site cannot sign the user out everywhere", async ({ page, request }) => {
    const email = uniqueEmail("e2e-csrf");
    await registerShipper(request, email);
    await signInAs(page, email, NEW_PASSWORD);

    // 127.0.0.1 on another port: a different origin but the same site, so the SameSite=Lax cookie goes along.
    const attacker = `http://127.0.0.1:${port + 1}/prize`;
    await page.route(attacker, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><form id="f" method="post" enctype="multipart/form-data"
          action="${appOrigin}/api/trpc/account.revokeAllSessions"><input name="x" value="1"></form>
          <script>document.getElementById("f").submit()</script>`,
      }),
    );
    const forged = page.waitForResponse((r) => r.url().includes("account.revokeAllSessions"));
    await page.goto(attacker);
    const res = await forged;
    expect((await res.request().allHeaders())["cookie"]).toContain(COOKIE);
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain("did not come from the app");

    // Still signed in; the app's own button runs the same mutation.
    await page.goto("/account");
    await expect(page.getByText("Signed-in devices")).toBeVisible();
    await page.getByRole("button", { name: "Sign out everywhere…" }).click();
    await page.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await page.request.get("/api/trpc/account.me")).status()).toBe(401);
  });
});
