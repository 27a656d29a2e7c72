// A point's IANA time zone, offline, from @photostructure/tz-lookup (timezone-boundary-builder polygons, packed).
import tzLookup from "@photostructure/tz-lookup";

import type { TLatLng } from "~/lib/geo";

/**
 * The IANA zone at `point` ("America/Chicago"); at sea, the nautical "Etc/GMT±N" zone tz-lookup returns.
 *
 * @throws Error for a latitude outside [-90, 90] or a longitude outside [-180, 180] (validated input never is).
 */
export function timeZoneAt(point: TLatLng): string {
  return tzLookup(point.lat, point.lng);
}
