// Small formatters shared by the driver pages (and the admin operations pages).
import { METRES_PER_MILE } from "~/lib/geo";
import { formatMoney } from "~/lib/money";

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

/** Degrees to 6 decimals (about 0.1 m): enough for a dock door, no float noise in the link. */
const coord = (v: number) => String(Math.round(v * 1e6) / 1e6);

/**
 * Driving directions to the stop's exact point (the dock, as the shipper placed it) in Google Maps: the universal
 * "Maps URLs" form (https://developers.google.com/maps/documentation/urls/get-started#directions-action) opens the
 * Google Maps app on Android and iOS when installed, else the web. The destination is the coordinates, never the
 * address text, so the route ends at the pin and not at the address's centre.
 */
export function directionsHref(point: { lat: number; lng: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${coord(point.lat)},${coord(point.lng)}&travelmode=driving`;
}

/**
 * The stop for any maps app the phone has: a `geo:` URI (RFC 5870) with the address as the pin's label
 * (`geo:41.878114,-87.629798?q=41.878114,-87.629798(233 S Wacker Dr, Chicago)`, Android's documented form for a
 * labelled point; https://developer.android.com/guide/components/intents-common#Maps).
 */
export function geoHref(point: { lat: number; lng: number }, label: string): string {
  const at = `${coord(point.lat)},${coord(point.lng)}`;
  // Parentheses would end the label early: replaced, the rest percent-encoded.
  const text = label.replace(/[()]/g, " ").replace(/\s+/g, " ").trim();
  return `geo:${at}?q=${at}${text ? `(${encodeURIComponent(text)})` : ""}`;
}

/** A tel: link for a phone number as people type it ("+1 (312) 555-0100" → "tel:+13125550100"). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

const miles = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * Metres as whole US miles: "12 mi", "1,204 mi", "<1 mi" (0 m: "0 mi"). Miles for now; the units preference
 * (issue 10 §5) will choose per user. The API keeps metres.
 */
export function formatMiles(metres: number): string {
  const value = metres / METRES_PER_MILE;
  if (value > 0 && value < 1) return "<1 mi";
  return `${miles.format(value)} mi`;
}

/** A rate in cents per mile as dollars: "$2.15/mi". */
export function formatRatePerMile(cents: number, currency = "USD"): string {
  return `${formatMoney(cents, currency)}/mi`;
}
