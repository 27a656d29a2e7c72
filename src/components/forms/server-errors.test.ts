import { describe, expect, it } from "vitest";

import { applyServerErrors, messagesFor, SERVER_ERROR } from "./server-errors";

/** What a tRPC client error looks like to the browser (data from the error formatter in src/server/api/trpc.ts). */
const trpcError = (data: Record<string, unknown>, message = "Refused.") => Object.assign(new Error(message), { data });

function collect() {
  const calls: { name: string; message: string | undefined; focus: boolean | undefined }[] = [];
  const setError = (name: string, error: { message?: string }, options?: { shouldFocus?: boolean }) =>
    calls.push({ name, message: error.message, focus: options?.shouldFocus });
  return { calls, setError };
}

describe("applyServerErrors", () => {
  it("puts a field error beside its field, focuses the first one shown, and adds no form-level alert", () => {
    const { calls, setError } = collect();
    const error = trpcError({ fieldErrors: { newPassword: ["This password is too common."] } });
    expect(applyServerErrors(setError, error, ["currentPassword", "newPassword"])).toBe(true);
    expect(calls).toEqual([{ name: "newPassword", message: "This password is too common.", focus: true }]);
  });

  it("reads input-validation errors too, and only the first field takes focus", () => {
    const { calls, setError } = collect();
    const error = trpcError({ zodError: { formErrors: [], fieldErrors: { name: ["Too long."], email: ["Bad."] } } });
    applyServerErrors(setError, error, ["name", "email"]);
    expect(calls.map((c) => [c.name, c.focus])).toEqual([
      ["name", true],
      ["email", false],
    ]);
  });

  it("falls back to one form-level message when no shown field explains the error", () => {
    const { calls, setError } = collect();
    const error = trpcError({ fieldErrors: { other: ["Elsewhere."] } }, "This load was cancelled by the shipper.");
    expect(applyServerErrors(setError, error, ["reason"])).toBe(false);
    expect(calls).toEqual([
      { name: SERVER_ERROR, message: "This load was cancelled by the shipper.", focus: undefined },
    ]);
  });
});

describe("messagesFor", () => {
  it("matches a nested field by its last segment only when that is unambiguous", () => {
    expect(messagesFor({ capacityKg: "Too heavy." }, ["name", "driver.capacityKg"])).toEqual({
      "driver.capacityKg": "Too heavy.",
    });
    expect(messagesFor({ city: "Enter the city." }, ["pickup.city", "dropoff.city"])).toEqual({});
  });
});
