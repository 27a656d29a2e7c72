import { describe, expect, it } from "vitest";
import { z } from "zod";

import "./readable-errors";
import { fieldLabel } from "./readable-errors";

const messages = (schema: z.ZodType, input: unknown) =>
  schema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

describe("readable default messages", () => {
  const page = z.object({
    pageSize: z.number().int().min(1).max(100),
    after: z.object({ id: z.string().min(1), at: z.iso.datetime({ offset: true }) }),
    sort: z.enum(["distance", "rate"]),
  });

  it("name the field and say what it takes, instead of Zod's defaults", () => {
    expect(messages(page, { pageSize: 0, after: { id: "", at: "yesterday" }, sort: "price" })).toEqual([
      "Page size must be at least 1.",
      "After id must have at least 1 character.",
      "After at must be a date and time (ISO 8601, with its offset).",
      "Sort must be one of: distance, rate.",
    ]);
    expect(messages(page, { pageSize: 1.5, sort: "rate" })).toEqual([
      "Page size must be a whole number.",
      "After is missing.",
    ]);
    expect(messages(page, { pageSize: 101, after: { id: "a", at: "2026-11-30T10:00:00Z" }, sort: "rate" })).toEqual([
      "Page size must be at most 100.",
    ]);
  });

  it("never replace a schema's own message", () => {
    expect(messages(z.number({ error: "Enter the weight." }), "heavy")).toEqual(["Enter the weight."]);
    expect(messages(z.string().min(3, { error: "Too short, use 3 letters." }), "ab")).toEqual([
      "Too short, use 3 letters.",
    ]);
  });

  it("label paths for people", () => {
    expect(fieldLabel(["shipment", "pickup", "lat"])).toBe("Pickup lat");
    expect(fieldLabel(["minRateCentsPerMile"])).toBe("Min rate cents per mile");
    expect(fieldLabel([])).toBe("This value");
  });
});
