"use client";

import { ErrorPanel } from "~/components/monitoring/error-panel";

/** The error boundary for every page under the root layout. */
export default function PageError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel {...props} />;
}
