// Small display helpers shared by the shipment pages (server and client).
const km = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "382.4 km" */
export function formatDistance(distanceKm: number): string {
  return `${km.format(distanceKm)} km`;
}

const KM_PER_MILE = 1.609344;

/** "237 mi (381.5 km)": miles first for the US lanes this market prices in USD, km beside them. */
export function formatMilesAndKm(distanceKm: number): string {
  return `${integer.format(distanceKm / KM_PER_MILE)} mi (${km.format(distanceKm)} km)`;
}

/**
 * Cents per loaded mile for a price over a distance (km), rounded to the cent; null for no distance.
 * "$2.85/mi" once formatted (formatRatePerMile).
 */
export function centsPerMile(priceCents: number, distanceKm: number): number | null {
  return distanceKm > 0 ? Math.round((priceCents * KM_PER_MILE) / distanceKm) : null;
}

/** "45 min", "5 h", "5 h 50 min" */
export function formatDuration(durationMin: number): string {
  const total = Math.max(0, Math.round(durationMin));
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** "1,200 kg" */
export function formatWeight(weightKg: number): string {
  return `${integer.format(weightKg)} kg`;
}

/** "120 × 80 × 100 cm", or null when no dimension is known. */
export function formatDimensions(d: {
  lengthCm: number | null;
  widthCm: number | null;
  heightCm: number | null;
}): string | null {
  const parts = [d.lengthCm, d.widthCm, d.heightCm];
  if (parts.every((p) => p === null)) return null;
  return `${parts.map((p) => (p === null ? "?" : integer.format(p))).join(" × ")} cm`;
}
