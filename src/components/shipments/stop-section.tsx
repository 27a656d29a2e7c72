"use client";

import { useState } from "react";
import { get, useFormContext, useWatch } from "react-hook-form";

import { numberInput } from "~/components/forms/values";
import type { TResolvedPlaceResult } from "~/components/places/address-search-field";
import { AddressSearch } from "~/components/places/address-search";
import { StopPinMap } from "~/components/places/stop-pin-map";
import { useViewerZone } from "~/components/time/viewer-zone";
import { TextField } from "~/components/ui/field";
import type { TLatLng } from "~/lib/geo";
import { zoneAt } from "~/lib/stop-zone";
import type { TShipmentFormValues } from "./form-values";
import { DateTimeField, FormSection, useShipmentField } from "./shipment-fields";

const isCoord = (v: unknown, max: number): v is number =>
  typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= max;

/**
 * One stop: an address search (suggestions as you type: Google with a key, else the offline list of cities and US
 * ZIP codes), the street line and city, the point on a map with a pin to drag to the dock, the coordinates as an
 * advanced field (closed unless they need attention), the time window in the stop's zone and an optional contact.
 */
export function StopSection({
  stop,
  title,
  onPlace,
  onPin,
}: {
  stop: "pickup" | "dropoff";
  title: string;
  onPlace: (stop: "pickup" | "dropoff", place: TResolvedPlaceResult) => void;
  onPin: (stop: "pickup" | "dropoff", point: TLatLng) => void;
}) {
  const field = useShipmentField();
  const { control, formState, setValue } = useFormContext<TShipmentFormValues>();
  const other = stop === "pickup" ? "dropoff" : "pickup";
  const [city, lat, lng, formattedAddress, otherLat, otherLng] = useWatch({
    control,
    name: [`${stop}.city`, `${stop}.lat`, `${stop}.lng`, `${stop}.formattedAddress`, `${other}.lat`, `${other}.lng`],
  });
  const [coordsOpen, setCoordsOpen] = useState(false);
  // Windows are the stop's local time: its zone from its coordinates, or the viewer's until they are set.
  const viewerZone = useViewerZone();
  const placed = isCoord(lat, 90) && isCoord(lng, 180);
  const zone = placed ? zoneAt(lat, lng) : viewerZone;
  const place = !placed ? null : typeof city === "string" && city.trim() ? city.trim() : zone;
  const near = isCoord(otherLat, 90) && isCoord(otherLng, 180) ? { lat: otherLat, lng: otherLng } : undefined;

  const latError = (get(formState.errors, `${stop}.lat`) as { message?: string } | undefined)?.message;
  const lngError = (get(formState.errors, `${stop}.lng`) as { message?: string } | undefined)?.message;
  // Nothing chosen yet: the error belongs to the search. A point that is wrong (out of range, same as the other
  // stop) opens the coordinates beside their message.
  const searchError =
    latError && lat === undefined ? `Search for the ${title.toLowerCase()} place and choose it.` : null;
  const showCoords = coordsOpen || (!!(latError || lngError) && !searchError);
  const word = title.toLowerCase();

  return (
    <FormSection title={title}>
      <div className="sm:col-span-2">
        <AddressSearch
          label={`Search for the ${word} address`}
          hint="A street address, a city, “City, ST” or a US ZIP code."
          error={searchError}
          near={near}
          defaultValue={typeof formattedAddress === "string" ? formattedAddress : ""}
          onSelect={(p) => onPlace(stop, p)}
        />
      </div>
      <TextField
        {...field(`${stop}.address`)}
        autoComplete="off"
        hint="Street and number, and the dock or gate the driver looks for."
        className="sm:col-span-2"
      />
      <TextField {...field(`${stop}.city`)} autoComplete="off" className="sm:col-span-2" />
      {placed ? (
        <StopPinMap
          kind={stop}
          label={title}
          point={{ lat, lng }}
          onMove={(p) => onPin(stop, p)}
          className="sm:col-span-2"
        />
      ) : null}
      <details
        open={showCoords}
        onToggle={(e) => setCoordsOpen(e.currentTarget.open)}
        // Typing coordinates by hand makes them the stop's source.
        onChangeCapture={() => setValue(`${stop}.geocodeSource`, "coordinates", { shouldDirty: true })}
        className="rounded-lg border border-slate-200 px-3 py-2 sm:col-span-2"
      >
        <summary className="cursor-pointer text-sm font-medium text-slate-800">
          Coordinates<span className="sr-only"> of the {word}</span> (advanced)
        </summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <TextField
            {...field(`${stop}.lat`, numberInput)}
            type="number"
            step="any"
            min={-90}
            max={90}
            hint="Degrees, e.g. 41.8781"
          />
          <TextField
            {...field(`${stop}.lng`, numberInput)}
            type="number"
            step="any"
            min={-180}
            max={180}
            hint="Degrees, e.g. -87.6298"
          />
        </div>
      </details>
      <DateTimeField path={`${stop}.windowStart`} zone={zone} place={place} />
      <DateTimeField path={`${stop}.windowEnd`} zone={zone} place={place} />
      <TextField {...field(`${stop}.contactName`)} autoComplete="off" hint="Optional" />
      <TextField {...field(`${stop}.contactPhone`)} type="tel" autoComplete="off" hint="Optional" />
    </FormSection>
  );
}
