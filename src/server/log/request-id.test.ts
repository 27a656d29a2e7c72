import { describe, expect, it } from "vitest";

import { newRequestId, REQUEST_ID_HEADER, requestIdOf } from "~/server/log/request-id";

describe("request id", () => {
  it("is new, url-safe and distinct on every call", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("keeps a well-formed id the proxy set on the request", () => {
    const headers = new Headers({ [REQUEST_ID_HEADER]: "Abc_def-123456" });
    expect(requestIdOf(headers)).toBe("Abc_def-123456");
  });

  it("replaces a missing or malformed header with a new id", () => {
    for (const given of [null, "", "short", "has spaces in it", "x".repeat(65), 'a"}\n{"level":"fatal']) {
      const headers = new Headers();
      if (given !== null) headers.set(REQUEST_ID_HEADER, given.replace(/\n/g, " "));
      const id = requestIdOf(headers);
      expect(id).not.toBe(given);
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
  });
});
