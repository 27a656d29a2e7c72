// Reading a request body with a size cap (routes that take raw bodies: tracking pings, the Stripe webhook).
/**
 * The request body as UTF-8 text, or null once it passes `max` bytes: a declared Content-Length over `max` is
 * refused before reading, and the stream is read chunk by chunk and cancelled as soon as the count passes `max`
 * (never buffered whole first). Rejects when the stream fails.
 */
export async function readCapped(req: Request, max: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}
