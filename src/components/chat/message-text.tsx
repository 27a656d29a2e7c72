import { linkify } from "./linkify";

/** A message body as React text, with http(s) URLs as links that open in a new tab and pass no referrer. */
export function MessageText({ body }: { body: string }) {
  return (
    <>
      {linkify(body).map((s, i) =>
        s.kind === "link" ? (
          <a
            key={i}
            href={s.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="font-medium break-all underline"
          >
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
