"use client";

// The driver's home base picker: the shipment form's address search (AddressSearchField). Signed in it searches like
// the shipment form (Google with a key, else the offline gazetteer); while registering, with no account yet, it uses
// the public gazetteer-only procedures (places.signUpSearch / signUpResolve).
import { useCallback } from "react";

import { AddressSearch } from "~/components/places/address-search";
import { AddressSearchField, type TResolvedPlaceResult } from "~/components/places/address-search-field";
import type { THomeBase } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

/** The home base a chosen place gives: its formatted address as the label, and its point. */
export function homeBaseOf(place: TResolvedPlaceResult): THomeBase {
  return { label: place.formattedAddress.slice(0, 200), lat: place.lat, lng: place.lng };
}

type THomeBaseSearchProps = {
  signedIn: boolean;
  error?: string | null;
  defaultValue?: string;
  onSelect: (base: THomeBase) => void;
};

const label = "Home base";
const hint = "Where you usually start: a city, “City, ST” or a US ZIP code. Deadhead is measured from here.";

export function HomeBaseSearch({ signedIn, ...props }: THomeBaseSearchProps) {
  return signedIn ? (
    <AddressSearch
      label={label}
      hint={hint}
      error={props.error}
      defaultValue={props.defaultValue}
      onSelect={(place) => props.onSelect(homeBaseOf(place))}
    />
  ) : (
    <SignUpHomeBaseSearch {...props} />
  );
}

function SignUpHomeBaseSearch(props: Omit<THomeBaseSearchProps, "signedIn">) {
  const utils = api.useUtils();
  const search = useCallback((q: string) => utils.places.signUpSearch.fetch({ q }), [utils]);
  const resolve = useCallback((placeId: string) => utils.places.signUpResolve.fetch({ placeId }), [utils]);
  return (
    <AddressSearchField
      label={label}
      hint={hint}
      error={props.error}
      defaultValue={props.defaultValue}
      search={search}
      resolve={resolve}
      onSelect={(place) => props.onSelect(homeBaseOf(place))}
    />
  );
}
