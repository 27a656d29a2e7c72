// Address search as the user types: Google Places Autocomplete (New) when a key is configured, else (and whenever
// Google fails) the offline gazetteer. Every answer says which one it came from.
import type { TLatLng } from "~/lib/geo";
import { googleAutocomplete } from "~/server/integrations/google/places";
import { isOutsideServiceError } from "~/server/integrations/outside-error";
import { fallbackNotice, logFallback } from "./fallback-notice";
import { suggestPlaces } from "./gazetteer";
import type { TOutsideServices } from "./outside-services";

export type TPlaceSource = "google" | "gazetteer";

/** Gazetteer ids are handed out with this prefix; Google's place IDs never contain a colon. */
export const GAZETTEER_ID_PREFIX = "gz:";

export type TPlaceSuggestion = {
  /** Pass to `resolvePlace`. */
  placeId: string;
  /** "Chicago" */
  mainText: string;
  /** "IL, USA" */
  secondaryText: string;
  /** "Chicago, IL, USA" */
  label: string;
  source: TPlaceSource;
};

export type TPlaceSearch = {
  source: TPlaceSource;
  suggestions: TPlaceSuggestion[];
  /** Why the offline list answered although a key is configured; null otherwise. */
  notice: string | null;
};

const OFFLINE = "the offline list of cities and US ZIP codes";

function fromGazetteer(q: string, near: TLatLng | undefined, notice: string | null): TPlaceSearch {
  const suggestions = suggestPlaces(q, { limit: 5, near }).map((p) => ({
    placeId: `${GAZETTEER_ID_PREFIX}${p.id}`,
    mainText: p.name,
    secondaryText: p.formattedAddress.slice(p.name.length + 2),
    label: p.formattedAddress,
    source: "gazetteer" as const,
  }));
  return { source: "gazetteer", suggestions, notice };
}

/**
 * Up to 5 suggestions for `q` (already trimmed, 2-200 characters), ranked towards `near` (lat/lng degrees) when
 * given. Google when `outside.google` is set; on any Google failure (refused key, quota, outage) the gazetteer's
 * suggestions with a `notice` saying why. Never throws for an outside failure.
 */
export async function searchPlaces(input: {
  q: string;
  near?: TLatLng;
  sessionToken?: string;
  outside: TOutsideServices;
}): Promise<TPlaceSearch> {
  if (!input.outside.google) return fromGazetteer(input.q, input.near, null);
  try {
    const found = await googleAutocomplete(input.outside.google, {
      text: input.q,
      near: input.near,
      sessionToken: input.sessionToken,
    });
    return {
      source: "google",
      suggestions: found.map((s) => ({
        placeId: s.placeId,
        mainText: s.mainText,
        secondaryText: s.secondaryText,
        label: s.text,
        source: "google" as const,
      })),
      notice: null,
    };
  } catch (e) {
    if (!isOutsideServiceError(e)) throw e;
    logFallback(e);
    return fromGazetteer(input.q, input.near, fallbackNotice("Address search", OFFLINE, e));
  }
}
