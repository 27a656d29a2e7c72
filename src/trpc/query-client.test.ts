import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";

import type { AppRouter } from "~/server/api/root";
import { isClientError, isUnexpectedError } from "./query-client";

/** The error a tRPC call rejects with when the server answered with `code` / `httpStatus`. */
function answered(code: string, httpStatus: number) {
  return TRPCClientError.from<AppRouter>({
    error: { message: "refused", code: -32600, data: { code, httpStatus, path: "driver.deliver" } },
  } as never);
}

describe("which failed calls are logged as errors", () => {
  it("never a business refusal (4xx): wrong code, load taken, weak password, not found, too many tries", () => {
    for (const [code, status] of [
      ["BAD_REQUEST", 400],
      ["FORBIDDEN", 403],
      ["NOT_FOUND", 404],
      ["CONFLICT", 409],
      ["PRECONDITION_FAILED", 412],
      ["TOO_MANY_REQUESTS", 429],
    ] as const) {
      const error = answered(code, status);
      expect(isUnexpectedError(error), code).toBe(false);
      expect(isClientError(error), code).toBe(true);
    }
  });

  it("a server fault (5xx) or no answer at all (network failure)", () => {
    expect(isUnexpectedError(answered("INTERNAL_SERVER_ERROR", 500))).toBe(true);
    expect(isUnexpectedError(TRPCClientError.from(new TypeError("Failed to fetch")))).toBe(true);
    expect(isClientError(TRPCClientError.from(new TypeError("Failed to fetch")))).toBe(false);
  });
});
