// The hosted Billing Portal (Stripe's billing.stripe.com, served locally) and the hosted invoice page: the
// customer's plans with their renewal dates, the card on file with a form to replace it (Stripe's test cards), cancel
// at the end of the period or now, renew a plan set to cancel, the invoice history, and the way back to the app.
// Plain HTML forms, so they work without JavaScript and from Playwright.
import type { BillingStore, TInvoice, TPortalSession, TSubscription } from "./billing";
import { periodEnd } from "./billing";
import { formatAmount } from "./checkout-page";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
section{border:1px solid #e3e8ee;border-radius:6px;padding:1rem;margin-top:1rem}
label{display:block;margin-top:.75rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:.75rem;padding:.6rem 1rem;font-size:1rem;background:#635bff;color:#fff;border:0;border-radius:4px}
button.danger{background:#c0123c}
[role=alert]{background:#fde8e8;color:#8a1c1c;padding:.5rem;margin-top:1rem;border-radius:4px}
[role=status]{background:#e6f4ea;color:#1e4620;padding:.5rem;margin-top:1rem;border-radius:4px}
table{width:100%;border-collapse:collapse}td,th{padding:.25rem;text-align:left}.note{color:#555;font-size:.875rem}
</style></head><body>${body}</body></html>`;
}

const STATUS_TEXT: Record<TSubscription["status"], string> = {
  active: "Active",
  past_due: "Past due: the last payment failed",
  canceled: "Canceled",
  incomplete: "Incomplete",
  unpaid: "Unpaid",
};

/** The portal's one page; `notice` confirms what was just done, `error` explains a refused card. */
export function portalPage(
  session: TPortalSession,
  billing: BillingStore,
  opts: { notice?: string; error?: string } = {},
): string {
  const base = `/p/session/${esc(session.id)}`;
  const subs = [...billing.subscriptions.values()].filter(
    (s) => s.customer === session.customer && s.status !== "canceled",
  );
  const plans = subs.length
    ? subs
        .map((s) => {
          const item = s.items.data[0]!;
          const name = billing.products.get(item.price.product)?.name ?? item.price.product;
          const when = s.cancel_at_period_end ? `Cancels on ${day(periodEnd(s))}` : `Renews on ${day(periodEnd(s))}`;
          const actions = s.cancel_at_period_end
            ? `<form method="post" action="${base}/subscriptions/${esc(s.id)}/renew"><button type="submit">Renew plan</button></form>`
            : `<form method="post" action="${base}/subscriptions/${esc(s.id)}/cancel"><button type="submit" class="danger">Cancel plan</button></form>
<p class="note">Cancelling keeps the plan until ${day(periodEnd(s))}.</p>`;
          return `<section aria-label="${esc(name)}"><h2>${esc(name)}</h2>
<p>${formatAmount(item.price.unit_amount * item.quantity, item.price.currency)} per ${esc(item.price.recurring?.interval ?? "period")}</p>
<p data-testid="subscription-status">${esc(STATUS_TEXT[s.status])}. ${when}.</p>${actions}
<form method="post" action="${base}/subscriptions/${esc(s.id)}/cancel-now"><button type="submit" class="danger">Cancel now</button></form></section>`;
        })
        .join("")
    : `<section><p>You have no active plans.</p></section>`;
  const card = billing.defaultCard(session.customer);
  const cardText = card
    ? `${card.card.brand === "visa" ? "Visa" : card.card.brand} ending in ${card.card.last4}, expires ${String(card.card.exp_month).padStart(2, "0")}/${card.card.exp_year}`
    : "No card on file.";
  const invoices = [...billing.invoices.values()].filter((i) => i.customer === session.customer).reverse();
  const history = invoices.length
    ? `<table><thead><tr><th>Date</th><th>Amount</th><th>Status</th></tr></thead><tbody>${invoices
        .map(
          (i) =>
            `<tr><td><a href="${esc(i.hosted_invoice_url)}">${day(i.created)}</a></td><td>${formatAmount(i.amount_due, i.currency)}</td><td>${esc(i.status)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : `<p>No invoices yet.</p>`;
  return layout(
    "Billing portal (Stripe stand-in)",
    `<main><h1>Manage billing</h1><p class="note">Stripe stand-in: test mode. Dates are in UTC.</p>
${opts.notice ? `<p role="status">${esc(opts.notice)}</p>` : ""}${opts.error ? `<p role="alert">${esc(opts.error)}</p>` : ""}
<h2>Current plan</h2>${plans}
<section aria-labelledby="pm"><h2 id="pm">Payment method</h2><p data-testid="card-on-file">${esc(cardText)}</p>
<form method="post" action="${base}/payment-method">
<label for="card">New card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required>
<label for="exp">Expiry (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34" required>
<label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required>
<button type="submit">Save card</button></form>
<p class="note">4242 4242 4242 4242 pays; 4000 0000 0000 0341 is saved but its charges fail; 4000 0000 0000 0002 is declined.</p></section>
<section aria-labelledby="hist"><h2 id="hist">Invoice history</h2>${history}</section>
${session.return_url ? `<p><a href="${esc(session.return_url)}">Return to the shop</a></p>` : ""}</main>`,
  );
}

/** The hosted invoice page behind `hosted_invoice_url`. */
export function invoicePage(invoice: TInvoice): string {
  const rows = invoice.lines.data
    .map(
      (l) =>
        `<tr><td>${esc(l.description)}<br><span class="note">${day(l.period.start)} to ${day(l.period.end)}</span></td><td>${formatAmount(l.amount, l.currency)}</td></tr>`,
    )
    .join("");
  return layout(
    `Invoice ${invoice.number}`,
    `<main><h1>Invoice ${esc(invoice.number)}</h1><p data-testid="invoice-status">${invoice.status === "paid" ? "Paid" : invoice.status === "open" ? "Due" : "Void"}</p>
<table><tbody>${rows}<tr><th>Total</th><th>${formatAmount(invoice.total, invoice.currency)}</th></tr></tbody></table>
<p class="note">Issued ${day(invoice.created)} (UTC).</p></main>`,
  );
}
