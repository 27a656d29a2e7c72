// The Stripe webhook route's body cap: a body over 1 MiB is refused with 413 before any signature check, and the
// stream is read no further than the cap (not buffered whole first).
import { describe, expect, it } from "vitest";

import { POST } from "./route";

const MiB = 1024 * 1024;

/** A request whose body is `total` bytes streamed in 64 KiB chunks; `pulled()` counts the bytes read from it. */
function streamedRequest(total: number, headers: Record<string, string> = {}) {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.byteLength, total - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  const req = new Request("http://localhost/api/webhooks/stripe", {
    method: "POST",
    headers: { "stripe-signature": "t=1,v1=abc", "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return { req, pulled: () => sent };
}

describe("POST /api/webhooks/stripe body cap", () => {
  it("answers 413 for a 5 MB body without a Content-Length, reading little more than 1 MiB of it", async () => {
    const { req, pulled } = streamedRequest(5 * 1000 * 1000);
    const res = await POST(req);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: expect.stringMatching(/larger than 1 MiB/) });
    expect(pulled()).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });

  it("answers 413 at once for a declared Content-Length over 1 MiB, reading none of it", async () => {
    const { req, pulled } = streamedRequest(5 * 1000 * 1000, { "content-length": String(5 * 1000 * 1000) });
    const res = await POST(req);
    expect(res.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024); // at most what the stream queued before anyone read
  });

  it("passes a body under the cap on to verification (a forged signature is 400, not 413)", async () => {
    const { req } = streamedRequest(900 * 1024);
    const res = await POST(req);
    expect([400, 503]).toContain(res.status);
  });
});
