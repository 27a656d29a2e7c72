// Registration, email confirmation, sign-in and sign-out through the real forms: the forms are the subject here.
import type { Page } from "@playwright/test";

import { expect, signInViaApi, test } from "./fixtures";

const NEW_PASSWORD = "Sturdy-Trucks-Roll-2026";

type TOutboxEmail = { to: string[]; subject: string; text: string | null; html: string | null };

function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** Polls the Resend stand-in's outbox (scripts/e2e.ts puts its URL in RESEND_BASE_URL) until the email arrives. */
async function waitForEmail(to: string, subject: RegExp): Promise<TOutboxEmail> {
  const base = process.env.RESEND_BASE_URL;
  if (!base) throw new Error("RESEND_BASE_URL is not set: run this spec through `npm run test:e2e`.");
  const deadline = Date.now() + 10_000;
  let lastProblem = "no matching email yet";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/__outbox?to=${encodeURIComponent(to)}`, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`outbox answered ${res.status}`);
      const { emails } = (await res.json()) as { emails: TOutboxEmail[] };
      const email = emails.find((e) => subject.test(e.subject));
      if (email) return email;
      lastProblem = "no matching email yet";
    } catch (error) {
      lastProblem = `outbox request failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No email matching ${subject} reached ${to} within 10 s (${lastProblem}).`);
}

/** The emailed link points at APP_URL; the test server may run elsewhere, so only its path and query are used. */
function linkPath(email: TOutboxEmail, path: string): string {
  const match = new RegExp(`https?://\\S+${path.replace("/", "\\/")}\\?token=[A-Za-z0-9_-]+`).exec(email.text ?? "");
  if (!match) throw new Error(`No ${path} link in the email:\n${email.text ?? "(no text part)"}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

async function register(page: Page, opts: { role: "driver" | "shipper"; name: string; email: string }) {
  await page.goto("/register");
  await expect(page.getByRole("heading", { name: "Create account" })).toBeVisible();
  await page.getByRole("radio", { name: opts.role === "driver" ? "I drive" : "I ship freight" }).check();
  await page.getByLabel("Name", { exact: true }).fill(opts.name);
  await page.getByLabel("Email", { exact: true }).fill(opts.email);
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  if (opts.role === "driver") {
    await page.getByLabel("Vehicle type").selectOption({ label: "Box truck" });
    // The browser is en-US: capacity is typed in pounds (7,716 lb is stored as 3,500 kg).
    await page.getByLabel("Capacity (lb)").fill("7716");
    await page.getByLabel("Licence plate").fill("E2E-4821");
    // The optional home base, from the same address search as the shipment form.
    const base = page.getByRole("combobox", { name: "Home base" });
    await base.fill("Peoria, IL");
    const list = page.getByRole("listbox", { name: "Home base suggestions" });
    await list
      .getByRole("option", { name: /Peoria/ })
      .first()
      .waitFor();
    for (let i = 0; i < 6; i++) {
      const active = list.getByRole("option", { selected: true });
      if ((await active.count()) > 0 && /Peoria/.test((await active.first().textContent()) ?? "")) break;
      await base.press("ArrowDown");
    }
    await base.press("Enter");
    await expect(page.getByText(/^Home base: Peoria/)).toBeVisible();
  }
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(opts.email)).toBeVisible();
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a new driver registers, confirms their email, signs in and signs out", async ({ page }) => {
  const email = uniqueEmail("e2e-driver");
  await register(page, { role: "driver", name: "Eve Tudor", email });

  const mail = await waitForEmail(email, /confirm your email/i);
  await page.goto(linkPath(mail, "/verify"));
  await expect(page.getByRole("heading", { name: "Email confirmed" })).toBeVisible();

  // Not signed in yet: "Continue" leads to the sign-in page.
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await signIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/driver$/);
  await expect(page.getByRole("link", { name: "Load board" })).toBeVisible();
  await expect(page.getByText("Confirm your email to post shipments and accept loads.")).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  // The session is gone on the server too: the driver area sends us back to sign in.
  await page.goto("/driver");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a wrong password is refused with a readable message", async ({ page, shipper }) => {
  await page.goto("/sign-in");
  await signIn(page, shipper.email, "not-the-password");
  // Next.js renders its own (empty) role="alert" route announcer, hence the filter.
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
});

test("a signed-in driver who opens the admin area is refused", async ({ page, driver }) => {
  await signInViaApi(page, driver);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", "/driver");
});

test("an unverified user sees the confirmation banner and can resend the email", async ({ page }) => {
  const email = uniqueEmail("e2e-shipper");
  await register(page, { role: "shipper", name: "Una Verified", email });
  await waitForEmail(email, /confirm your email/i);

  await page.goto("/sign-in?callbackUrl=%2Faccount");
  await signIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("Confirm your email to post shipments and accept loads.")).toBeVisible();

  await page.getByRole("button", { name: "Resend email" }).click();
  await expect(page.getByText("Email sent. Check your inbox.")).toBeVisible();
});
