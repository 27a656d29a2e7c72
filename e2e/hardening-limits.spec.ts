// Attempt limits through the real next-auth route of a production build: parallel sign-ins cannot beat the
// lockout, and the client cannot choose the address the limits and the session list see (issue 8, section 1).
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";

const PASSWORD = "Sturdy-Trucks-Roll-2026";

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** A new shipper through the registration form (sign-in needs no verified email). */
async function registerShipper(page: Page): Promise<string> {
  const email = uniqueEmail("limits");
  await page.goto("/register");
  await page.getByRole("radio", { name: "I ship freight" }).check();
  await page.getByLabel("Name", { exact: true }).fill("Limit Tester");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return email;
}

/**
 * One POST to next-auth's credentials callback, as its client's `signIn(..., { redirect: false })` sends it.
 * Returns the HTTP status and the error next-auth put in the answer's URL (null when signed in).
 */
async function postSignIn(
  request: APIRequestContext,
  csrfToken: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; error: string | null }> {
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    headers,
    maxRedirects: 0,
  });
  const status = res.status();
  if (status >= 500) return { status, error: await res.text() };
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, "http://x").searchParams.get("error") : "no url";
  return { status, error };
}

async function csrf(request: APIRequestContext): Promise<string> {
  const res = await request.get("/api/auth/csrf");
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

test("31 parallel sign-ins (30 wrong, then the right one) check only the allowance; none fails", async ({
  page,
  playwright,
  baseURL,
}) => {
  const email = await registerShipper(page);
  const request = await playwright.request.newContext({ baseURL });
  const token = await csrf(request);
  const tries = [
    ...Array.from({ length: 30 }, (_, i) => postSignIn(request, token, email, `Wrong-Password-${i}`)),
    postSignIn(request, token, email, PASSWORD),
  ];
  const results = await Promise.all(tries);
  expect(results.filter((r) => r.status >= 500)).toEqual([]);
  const checked = results.filter((r) => r.error === "Email or password is incorrect.");
  const refused = results.filter((r) => r.error?.startsWith("Too many failed sign-in attempts"));
  expect(checked).toHaveLength(5);
  expect(refused).toHaveLength(26);
  // The right password came last: it is refused without being checked.
  expect(results.at(-1)?.error).toMatch(/^Too many failed sign-in attempts/);

  // A forwarded-for header the client writes does not make it a new address.
  const spoofed = await postSignIn(request, token, email, PASSWORD, { "X-Forwarded-For": "10.0.0.1, 10.0.0.2" });
  expect(spoofed.error).toMatch(/^Too many failed sign-in attempts/);
  await request.dispose();
});

test("the session list shows the connection's address, not one the client wrote in X-Forwarded-For", async ({
  page,
}) => {
  const email = await registerShipper(page);
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.7, 198.51.100.9" });
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in") && !url.pathname.startsWith("/after-sign-in"));
  await page.goto("/account");
  const ipLine = page.getByText(/^IP /);
  await expect(ipLine).toHaveCount(1);
  await expect(ipLine).toContainText("127.0.0.1");
  await expect(page.getByText(/203\.0\.113\.7|198\.51\.100\.9/)).toHaveCount(0);
});
