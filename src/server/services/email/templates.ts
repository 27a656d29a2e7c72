// Transactional email bodies: plain text plus simple HTML (user-supplied text is escaped).
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function layout(
  title: string,
  paragraphs: string[],
  action: { label: string; url: string },
  unsubscribe?: { what: string; url: string },
) {
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#64748b;font-size:12px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>
${
  unsubscribe
    ? `<p style="color:#64748b;font-size:12px">Do not want ${escapeHtml(unsubscribe.what)}? <a href="${escapeHtml(unsubscribe.url)}">Unsubscribe</a> in one click.</p>\n`
    : ""
}</body></html>`;
  const footer = unsubscribe ? `\nDo not want ${unsubscribe.what}? Unsubscribe: ${unsubscribe.url}\n` : "";
  const text = `${title}\n\n${paragraphs.join("\n\n")}\n\n${action.label}: ${action.url}\n${footer}`;
  return { html, text };
}

export function verificationEmail(name: string, url: string) {
  return {
    subject: "Confirm your email for Trial Transport",
    ...layout(
      `Welcome, ${name}`,
      [
        "Confirm your email address to post shipments and accept loads.",
        "This link works once and expires in 24 hours.",
      ],
      { label: "Confirm email", url },
    ),
  };
}

export function passwordResetEmail(name: string, url: string) {
  return {
    subject: "Reset your Trial Transport password",
    ...layout(
      `Hello ${name}`,
      [
        "Someone asked to reset the password of your Trial Transport account. If it was not you, ignore this email.",
        "This link works once and expires in 30 minutes.",
      ],
      { label: "Choose a new password", url },
    ),
  };
}

export function passwordChangedEmail(name: string, url: string) {
  return {
    subject: "Your Trial Transport password was changed",
    ...layout(
      `Hello ${name}`,
      [
        "The password of your Trial Transport account was just changed, and your other devices were signed out.",
        "If this was not you, reset your password now and contact support.",
      ],
      { label: "Reset password", url },
    ),
  };
}

/** Sent instead of an error when someone registers with an address that already has an account. */
export function accountExistsEmail(name: string, urls: { signInUrl: string; resetUrl: string }) {
  return {
    subject: "Someone tried to create a Trial Transport account with your email",
    ...layout(
      `Hello ${name}`,
      [
        "Someone just tried to create a new Trial Transport account with your email address. You already have an account, so nothing was changed.",
        `If it was you, sign in instead. If you have forgotten your password, reset it here: ${urls.resetUrl}`,
        "If it was not you, you can ignore this email.",
      ],
      { label: "Sign in", url: urls.signInUrl },
    ),
  };
}

/**
 * A shipper's daily summary (src/server/services/summaries): `dayLabel` ("Nov 29, 2026") and one line per change,
 * already formatted with its time in the shipper's zone; `url` opens their shipments.
 */
export function dailySummaryEmail(opts: {
  name: string;
  dayLabel: string;
  zone: string;
  lines: string[];
  url: string;
  /** The one-click unsubscribe page for the daily summary (src/server/notifications/unsubscribe.ts). */
  unsubscribeUrl: string;
}) {
  const count = opts.lines.length;
  return {
    subject: `Your Trial Transport loads on ${opts.dayLabel}: ${count} ${count === 1 ? "update" : "updates"}`,
    ...layout(
      `Hello ${opts.name}`,
      [`Here is what happened to your loads on ${opts.dayLabel} (times in ${opts.zone}).`, ...opts.lines],
      { label: "Open your shipments", url: opts.url },
      { what: "this daily summary", url: opts.unsubscribeUrl },
    ),
  };
}
