"use client";

// Quantities in the viewer's units (src/lib/units.ts), for server and client components alike: each reads the
// units from context, so the server render and the browser print the same text.
import { formatDimensions, formatDistance, formatRate, formatWeight } from "~/lib/units";
import { useUnits } from "./units-context";

/** A distance given in metres: "237 mi" / "381 km". */
export function Distance({ metres }: { metres: number }) {
  return <>{formatDistance(metres, useUnits())}</>;
}

/** A weight given in kilograms: "2,205 lb" / "1,000 kg". */
export function Weight({ kg }: { kg: number }) {
  return <>{formatWeight(kg, useUnits())}</>;
}

/** A rate given in cents per mile: "$2.15/mi" / "$1.34/km". */
export function Rate({ centsPerMile, currency }: { centsPerMile: number; currency?: string }) {
  return <>{formatRate(centsPerMile, useUnits(), currency)}</>;
}

/**
 * Length × width × height given in centimetres ("3 ft 11 in × 2 ft 7 in × 3 ft 3 in" / "120 × 80 × 100 cm"), or
 * `fallback` when none is known.
 */
export function Dimensions({
  cargo,
  fallback,
}: {
  cargo: { lengthCm: number | null; widthCm: number | null; heightCm: number | null };
  fallback: string;
}) {
  return <>{formatDimensions(cargo, useUnits()) ?? fallback}</>;
}
