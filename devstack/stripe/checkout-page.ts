// The hosted Checkout page (Stripe's checkout.stripe.com, served locally): the line items and total, a card form
// that takes Stripe's test cards, a 3D Secure step for the card that asks for one, and the redirect back to the
// session's success or cancel URL. Plain HTML forms, so it works without JavaScript and from Playwright.
import type { TCheckoutSession, TLineItem } from "./store";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export function formatAmount(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
label{display:block;margin-top:.75rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;width:100%;padding:.75rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:4px}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.5rem;margin-top:1rem;border-radius:4px}
table{width:100%;border-collapse:collapse}td{padding:.25rem 0}.total{font-weight:700;border-top:1px solid #ccc}
.note{color:#555;font-size:.875rem}
</style></head><body>${body}</body></html>`;
}

/** The payment form; `error` (a decline) is announced in an alert above the fields. */
export function checkoutPage(
  session: TCheckoutSession,
  items: TLineItem[],
  error?: string,
  card?: { number: string; exp: string; cvc: string },
): string {
  const rows = items
    .map(
      (it) =>
        `<tr><td>${esc(it.name)}${it.description ? `<br><span class="note">${esc(it.description)}</span>` : ""}${
          it.quantity > 1 ? ` × ${it.quantity}` : ""
        }</td><td style="text-align:right">${formatAmount(it.unit_amount * it.quantity, session.currency)}</td></tr>`,
    )
    .join("");
  const total = formatAmount(session.amount_total, session.currency);
  const cancel = session.cancel_url
    ? `<p><a href="${esc(session.cancel_url)}">Back to the shop, do not pay</a></p>`
    : "";
  return layout(
    "Checkout (Stripe stand-in)",
    `<main><h1>Checkout</h1><p class="note">Stripe stand-in: test mode. Card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is
declined, 4000 0025 0000 3155 asks for 3D Secure.</p>
<table><tbody>${rows}<tr class="total"><td>Total due</td><td style="text-align:right" data-testid="total">${total}</td></tr></tbody></table>
${error ? `<p role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/c/pay/${esc(session.id)}">
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required value="${esc(card?.number ?? "")}">
<label for="exp">Expiry (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34" required value="${esc(card?.exp ?? "")}">
<label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required value="${esc(card?.cvc ?? "")}">
<button type="submit">Pay ${total}</button></form>${cancel}
<p class="note">Expires ${new Date(session.expires_at * 1000).toISOString().replace("T", " ").slice(0, 16)} UTC</p></main>`,
  );
}

/** The 3D Secure challenge: complete or fail it (Stripe's test page offers the same two buttons). */
export function threeDSecurePage(
  session: TCheckoutSession,
  card: { number: string; exp: string; cvc: string },
): string {
  const hidden = `<input type="hidden" name="card" value="${esc(card.number)}"><input type="hidden" name="exp" value="${esc(
    card.exp,
  )}"><input type="hidden" name="cvc" value="${esc(card.cvc)}">`;
  return layout(
    "3D Secure (Stripe stand-in)",
    `<main><h1>Authenticate your payment</h1><p>Your bank asks you to confirm a payment of ${formatAmount(
      session.amount_total,
      session.currency,
    )}.</p>
<form method="post" action="/c/pay/${esc(session.id)}">${hidden}<input type="hidden" name="three_d_secure" value="complete"><button type="submit">Complete authentication</button></form>
<form method="post" action="/c/pay/${esc(session.id)}">${hidden}<input type="hidden" name="three_d_secure" value="fail"><button type="submit">Fail authentication</button></form></main>`,
  );
}

/** A session that can no longer be paid: expired, or already paid. */
export function closedPage(session: TCheckoutSession): string {
  const paid = session.status === "complete";
  const back = paid ? session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) : session.cancel_url;
  return layout(
    "Checkout (Stripe stand-in)",
    `<main><h1>${paid ? "Already paid" : "This checkout session has expired"}</h1>${
      back ? `<p><a href="${esc(back)}">Return to the shop</a></p>` : ""
    }</main>`,
  );
}

/** MM / YY in the future, and a 3-4 digit CVC: the checks Stripe's page makes before it submits. */
export function cardFormError(exp: string, cvc: string, now = new Date()): string | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(exp);
  if (!m) return "Your card's expiration date is incomplete.";
  const month = Number(m[1]);
  const year = Number(m[2]!.length === 2 ? `20${m[2]}` : m[2]);
  if (month < 1 || month > 12) return "Your card's expiration date is invalid.";
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
    return "Your card's expiration year is in the past.";
  }
  if (!/^\d{3,4}$/.test(cvc.trim())) return "Your card's security code is incomplete.";
  return null;
}
