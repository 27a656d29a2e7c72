import { describe, expect, it } from "vitest";

import { mp4DurationMs } from "./mp4-duration";

/** A box: 32-bit size, four-character type, body. */
function box(type: string, ...body: Uint8Array[]): Uint8Array {
  const size = 8 + body.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

function mvhdV0(timescale: number, duration: number): Uint8Array {
  const b = new Uint8Array(100);
  const v = new DataView(b.buffer);
  v.setUint32(12, timescale);
  v.setUint32(16, duration);
  return box("mvhd", b);
}

function mvhdV1(timescale: number, duration: bigint): Uint8Array {
  const b = new Uint8Array(112);
  b[0] = 1;
  const v = new DataView(b.buffer);
  v.setUint32(20, timescale);
  v.setBigUint64(24, duration);
  return box("mvhd", b);
}

const ftyp = box("ftyp", new TextEncoder().encode("isom\0\0\0\0isommp41"));

describe("mp4DurationMs", () => {
  it("reads version 0 and version 1 movie headers", () => {
    expect(mp4DurationMs(new Uint8Array([...ftyp, ...box("moov", mvhdV0(600, 7_500))]))).toBe(12_500);
    expect(mp4DurationMs(new Uint8Array([...ftyp, ...box("moov", mvhdV1(1_000, 95_250n))]))).toBe(95_250);
  });

  it("finds moov after the media data and returns null without one", () => {
    const mdat = box("mdat", new Uint8Array(4_000));
    expect(mp4DurationMs(new Uint8Array([...ftyp, ...mdat, ...box("moov", mvhdV0(1_000, 3_000))]))).toBe(3_000);
    expect(mp4DurationMs(new Uint8Array([...ftyp, ...mdat]))).toBeNull();
    expect(mp4DurationMs(new Uint8Array([...ftyp, ...box("moov", mvhdV0(0, 10))]))).toBeNull();
  });

  it("stops at a truncated or lying box size", () => {
    const bad = new Uint8Array([...ftyp, ...box("moov", mvhdV0(1_000, 3_000))]);
    new DataView(bad.buffer).setUint32(ftyp.byteLength, 1_000_000);
    expect(mp4DurationMs(bad)).toBeNull();
    expect(mp4DurationMs(new Uint8Array(5))).toBeNull();
  });
});
