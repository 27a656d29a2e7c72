import { describe, expect, it } from "vitest";

import { webmBytes } from "./test-videos";
import { videoDurationMs } from "./video-duration";

describe("videoDurationMs for WebM", () => {
  it("reads the Segment Info's Duration", async () => {
    expect(await videoDurationMs(webmBytes(95.25), "video/webm")).toBe(95_250);
    expect(await videoDurationMs(webmBytes(600), "video/webm")).toBe(600_000);
  });

  it("is null for a WebM written live without a Duration, and for bytes that are no WebM", async () => {
    expect(await videoDurationMs(webmBytes(null), "video/webm")).toBeNull();
    expect(await videoDurationMs(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0xff]), "video/webm")).toBeNull();
    expect(await videoDurationMs(new Uint8Array(64), "video/webm")).toBeNull();
  });

  it("is null for a type it does not read", async () => {
    expect(await videoDurationMs(webmBytes(10), "image/png")).toBeNull();
  });
});
