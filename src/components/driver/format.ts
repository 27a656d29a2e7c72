// Small formatters shared by the driver pages (and the admin operations pages).
const km = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "92 km", "3.4 km", "<1 km". */
export function formatKm(value: number): string {
  if (value > 0 && value < 1) return "<1 km";
  return `${value >= 100 ? whole.format(value) : km.format(value)} km`;
}

export function formatKg(value: number): string {
  return `${whole.format(value)} kg`;
}

/** "1 h 25 min", "40 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A Google Maps directions link to a point (opens the phone's maps app). */
export function directionsHref(point: { lat: number; lng: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${point.lat},${point.lng}`;
}

/** A tel: link for a phone number as people type it ("+1 (312) 555-0100" → "tel:+13125550100"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}
