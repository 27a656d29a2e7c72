// Small display helpers shared by the shipment pages (server and client).
const km = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "382.4 km" */
export function formatDistance(distanceKm: number): string {
  return `${km.format(distanceKm)} km`;
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
