// The Connect Express onboarding page (connect.stripe.com/setup/e/…, served locally): the driver types the few
// details Stripe asks for in test mode and submits; the account's requirements are met, payouts are enabled and
// `account.updated` goes to the webhook. Plain HTML forms, so it works without JavaScript and from Playwright.
import type { TAccount } from "./connect";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export type TOnboardingForm = { firstName: string; lastName: string; routing: string; account: string };

/** Stripe's test bank details: routing 110000000, account 000123456789 (https://docs.stripe.com/connect/testing). */
export const TEST_BANK = { routing: "110000000", account: "000123456789" } as const;

/** What is wrong with the submitted form, or null when it can be accepted. */
export function onboardingFormError(form: TOnboardingForm): string | null {
  if (!form.firstName.trim() || !form.lastName.trim()) return "Enter your first and last name.";
  if (!/^\d{9}$/.test(form.routing)) return "Routing number must be 9 digits.";
  if (!/^\d{4,17}$/.test(form.account)) return "Account number must be 4 to 17 digits.";
  return null;
}

export function onboardingPage(account: TAccount, action: string, form?: TOnboardingForm, error?: string): string {
  const v = form ?? { firstName: "", lastName: "", routing: TEST_BANK.routing, account: TEST_BANK.account };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up payouts (Stripe stand-in)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
label{display:block;margin-top:.75rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;width:100%;padding:.75rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:4px}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.5rem;margin-top:1rem;border-radius:4px}.note{color:#555;font-size:.875rem}
</style></head><body><main>
<h1>Set up payouts</h1>
<p class="note">Stripe stand-in: test mode, Connect Express account <code>${esc(account.id)}</code>${
    account.email ? ` for ${esc(account.email)}` : ""
  }. Test bank account: routing ${TEST_BANK.routing}, account ${TEST_BANK.account}.</p>
${error ? `<p role="alert">${esc(error)}</p>` : ""}
<form method="post" action="${esc(action)}">
<label for="first_name">First name</label><input id="first_name" name="first_name" autocomplete="given-name" required value="${esc(v.firstName)}">
<label for="last_name">Last name</label><input id="last_name" name="last_name" autocomplete="family-name" required value="${esc(v.lastName)}">
<label for="routing">Routing number</label><input id="routing" name="routing" inputmode="numeric" required value="${esc(v.routing)}">
<label for="account">Account number</label><input id="account" name="account" inputmode="numeric" required value="${esc(v.account)}">
<button type="submit">Agree and submit</button></form>
<p class="note">By submitting you agree to the Stripe Connected Account Agreement (test mode: nothing is real).</p>
</main></body></html>`;
}

export function linkGonePage(): string {
  return "<!doctype html><title>Link not found</title><h1>This onboarding link is not valid</h1>";
}
