// Splits a chat message into plain text and links. Only absolute http(s) URLs become links (parsed with the URL
// standard, never matched loosely): `javascript:`, `data:` and everything else stays text, and the result is
// rendered as React text nodes, so nothing in a message can become markup.

export type TSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

/** Punctuation that ends a sentence rather than a URL ("see https://x.com/a."). */
const TRAILING = /[.,;:!?'")\]}>]+$/;

/** `text` as segments, in order; their texts joined give `text` back unchanged. */
export function linkify(text: string): TSegment[] {
  const out: TSegment[] = [];
  const push = (s: TSegment) => {
    const last = out.at(-1);
    if (s.kind === "text" && last?.kind === "text") last.text += s.text;
    else if (s.text) out.push(s);
  };
  for (const token of text.split(/(\s+)/)) {
    const start = token.search(/https?:\/\//i);
    if (start < 0) {
      push({ kind: "text", text: token });
      continue;
    }
    const candidate = token.slice(start);
    const trailing = TRAILING.exec(candidate)?.[0] ?? "";
    const raw = candidate.slice(0, candidate.length - trailing.length);
    const href = safeHref(raw);
    push({ kind: "text", text: token.slice(0, start) });
    push(href ? { kind: "link", text: raw, href } : { kind: "text", text: raw });
    push({ kind: "text", text: trailing });
  }
  return out;
}

/** The normalised URL when `raw` is an absolute http(s) URL with a host and no user name or password, else null. */
export function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
  // `http://bank.com@evil.test` goes to evil.test: a link with a user name or password is a classic phishing
  // disguise, so it stays text.
  if (url.username || url.password) return null;
  return url.href;
}
