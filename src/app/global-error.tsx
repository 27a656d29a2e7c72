"use client";

import "~/styles/globals.css";

import { ErrorPanel } from "~/components/monitoring/error-panel";

/** The last-resort boundary, when the root layout itself failed: it replaces the whole document. */
export default function GlobalError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <ErrorPanel {...props} />
      </body>
    </html>
  );
}
