// What an unknown, mistyped or expired tracking link shows, with HTTP 404 (`notFound()` in the page).
import type { Metadata } from "next";

import { Message, PublicFrame } from "./public-frame";

export const metadata: Metadata = { title: { absolute: "Tracking link not valid" }, robots: { index: false } };

export default function TrackingNotFound() {
  return (
    <PublicFrame>
      <Message title="This tracking link is not valid">
        Check that you opened the whole link from your message: a missing character breaks it. Links also stop working
        some time after delivery. If it still does not work, ask the sender for a new link.
      </Message>
    </PublicFrame>
  );
}
