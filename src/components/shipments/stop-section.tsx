"use client";

import { useFormContext, useWatch } from "react-hook-form";

import { numberInput } from "~/components/forms/values";
import { useViewerZone } from "~/components/time/viewer-zone";
import { SelectField, TextField } from "~/components/ui/field";
import { zoneAt } from "~/lib/stop-zone";
import type { TShipmentFormValues } from "./form-values";
import { knownCities, matchKnownCity } from "./known-cities";
import { DateTimeField, FormSection, useShipmentField } from "./shipment-fields";

const cityOptions = knownCities.map((c) => ({ value: c.key, label: `${c.name}, ${c.state}` }));

/** One stop: a known-city shortcut, address, city, coordinates, time window and an optional contact. */
export function StopSection({
  stop,
  title,
  onKnownCity,
}: {
  stop: "pickup" | "dropoff";
  title: string;
  onKnownCity: (stop: "pickup" | "dropoff", key: string) => void;
}) {
  const field = useShipmentField();
  const { control } = useFormContext<TShipmentFormValues>();
  const [city, lat, lng] = useWatch({ control, name: [`${stop}.city`, `${stop}.lat`, `${stop}.lng`] });
  const known = matchKnownCity(city, lat, lng);
  // Windows are the stop's local time: its zone from its coordinates, or the viewer's until they are set.
  const viewerZone = useViewerZone();
  const placed = typeof lat === "number" && typeof lng === "number" && Number.isFinite(lat) && Number.isFinite(lng);
  const zone = placed && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? zoneAt(lat, lng) : viewerZone;
  const place = !placed ? null : typeof city === "string" && city.trim() ? city.trim() : zone;
  return (
    <FormSection title={title}>
      <SelectField
        id={`shipment-${stop}-known-city`}
        label={
          <>
            Use a known city<span className="sr-only"> for {title.toLowerCase()}</span>
          </>
        }
        hint="Fills in the city and its coordinates. You can still type them."
        placeholder="Choose a city…"
        options={cityOptions}
        value={known?.key ?? ""}
        onChange={(e) => onKnownCity(stop, e.target.value)}
        className="sm:col-span-2"
      />
      <TextField {...field(`${stop}.address`)} autoComplete="off" className="sm:col-span-2" />
      <TextField {...field(`${stop}.city`)} autoComplete="off" className="sm:col-span-2" />
      <TextField
        {...field(`${stop}.lat`, numberInput)}
        type="number"
        step="any"
        min={-90}
        max={90}
        hint="e.g. 41.8781"
      />
      <TextField
        {...field(`${stop}.lng`, numberInput)}
        type="number"
        step="any"
        min={-180}
        max={180}
        hint="e.g. -87.6298"
      />
      <DateTimeField path={`${stop}.windowStart`} zone={zone} place={place} />
      <DateTimeField path={`${stop}.windowEnd`} zone={zone} place={place} />
      <TextField {...field(`${stop}.contactName`)} autoComplete="off" hint="Optional" />
      <TextField {...field(`${stop}.contactPhone`)} type="tel" autoComplete="off" hint="Optional" />
    </FormSection>
  );
}
