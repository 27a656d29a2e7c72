"use client";

// AddressSearchField on the places router: suggestions from places.autocomplete (Google with a key, else the offline
// gazetteer) and the chosen place's stop fields from places.resolve, one Google session token per search.
import { useCallback, useMemo, useState } from "react";

import type { TLatLng } from "~/lib/geo";
import { api } from "~/trpc/react";
import { AddressSearchField, type TAddressSearchFieldProps } from "./address-search-field";

export type TAddressSearchProps = Omit<TAddressSearchFieldProps, "search" | "resolve"> & {
  /** Rank places near here first (the other stop, or the driver's home base). */
  near?: TLatLng;
};

export function AddressSearch({ near, onSelect, ...field }: TAddressSearchProps) {
  const utils = api.useUtils();
  // By value: a parent passing a fresh `{ lat, lng }` each render must not restart the search.
  const lat = near?.lat;
  const lng = near?.lng;
  const nearBy = useMemo(() => (lat !== undefined && lng !== undefined ? { lat, lng } : undefined), [lat, lng]);
  const [sessionToken, setSessionToken] = useState(() => crypto.randomUUID());
  const search = useCallback(
    (q: string) => utils.places.autocomplete.fetch({ q, near: nearBy, sessionToken }),
    [utils, nearBy, sessionToken],
  );
  const resolve = useCallback(
    (placeId: string) => utils.places.resolve.fetch({ placeId, sessionToken }),
    [utils, sessionToken],
  );
  return (
    <AddressSearchField
      {...field}
      search={search}
      resolve={resolve}
      onSelect={(place) => {
        // A Google session ends with the details call: the next search starts a new one.
        setSessionToken(crypto.randomUUID());
        onSelect(place);
      }}
    />
  );
}
