"use client";

import { type FormEvent, useRef, useState } from "react";

import { knownCities } from "~/components/shipments/known-cities";
import { Button } from "~/components/ui/button";
import { SelectField, TextField } from "~/components/ui/field";
import { getFieldErrors } from "~/components/ui/form-errors";
import { useUnits } from "~/components/units/units-context";
import type { VehicleType } from "~/generated/prisma/enums";
import type { TLoadBoardSort } from "~/lib/schemas/load-board";
import { distanceUnit } from "~/lib/units";
import { statesInRegion, usRegions, usStateCodes, usStates, type TUsRegion } from "~/lib/us-states";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";
import {
  boardFiltersToSearch,
  hasBoardFilters,
  maxRadius,
  minRateError,
  noBoardFilters,
  sortOptionsFor,
  type TBoardFilters,
  withinError,
} from "./board-filters";

const nearOptions = knownCities.map((c) => ({ value: c.key, label: `${c.name}, ${c.state}` }));
const destinationOptions = [
  ...(Object.keys(usRegions) as TUsRegion[]).map((r) => ({
    value: `region:${r}`,
    label: `${usRegions[r]} (${statesInRegion(r).length} states)`,
  })),
  ...usStateCodes.map((code) => ({ value: code, label: `${usStates[code].name} (${code})` })),
];
const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));

type TProps = {
  /** The filters in the URL now. */
  filters: TBoardFilters;
  /** The URL's query string: the form's draft follows it when it changes elsewhere (back/forward, a link). */
  urlKey: string;
  /** The board query's error: its field messages (e.g. a radius with nothing to measure from) land here. */
  serverErrors: unknown;
  onApply: (next: TBoardFilters) => void;
};

/**
 * The board's filter form. Choices (selects, dates) apply at once; typed numbers apply on Enter, "Apply" or after
 * a pause, once valid. Labels on every control, native controls for the keyboard, two columns on a phone.
 */
export function BoardFilterForm({ filters, urlKey, serverErrors, onApply }: TProps) {
  const [draft, setDraft] = useState<TBoardFilters>(filters);
  const [draftKey, setDraftKey] = useState(urlKey);
  const [ownKey, setOwnKey] = useState<string | null>(null);
  if (draftKey !== urlKey) {
    setDraftKey(urlKey);
    if (urlKey !== ownKey) setDraft(filters);
  }
  const [errors, setErrors] = useState<Partial<Record<keyof TBoardFilters, string>>>({});
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const server = getFieldErrors(serverErrors);
  const units = useUnits();

  function validate(next: TBoardFilters) {
    const found: Partial<Record<keyof TBoardFilters, string>> = {};
    const within = withinError(next.within, units);
    if (within) found.within = within;
    const minRate = minRateError(next.minRate, units);
    if (minRate) found.minRate = minRate;
    if (next.from && next.to && next.from > next.to) found.to = "The last day must be on or after the first.";
    return found;
  }

  function apply(next: TBoardFilters) {
    clearTimeout(typingTimer.current);
    const found = validate(next);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // The key the URL will have, so the draft is not reset to it while the driver keeps typing.
    setOwnKey(boardFiltersToSearch(next));
    onApply(next);
  }

  function change(patch: Partial<TBoardFilters>, when: "now" | "typing") {
    const next = { ...draft, ...patch };
    setDraft(next);
    clearTimeout(typingTimer.current);
    if (when === "now") apply(next);
    else typingTimer.current = setTimeout(() => apply(next), 700);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  return (
    <form
      role="search"
      aria-label="Filter loads"
      noValidate
      onSubmit={onSubmit}
      className="grid grid-cols-2 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm *:min-w-0 lg:grid-cols-4"
    >
      <SelectField
        label="Pick-up near"
        name="near"
        placeholder="Me (my location, else my base)"
        options={nearOptions}
        className="col-span-2 sm:col-span-1"
        value={draft.near}
        onChange={(e) => change({ near: e.target.value }, "now")}
      />
      <TextField
        label={units === "us" ? "Within (miles)" : "Within (km)"}
        name="within"
        inputMode="numeric"
        placeholder="Any distance"
        autoComplete="off"
        hint={`Up to ${maxRadius(units).toLocaleString("en-US")}`}
        error={errors.within ?? server.withinMetres ?? null}
        value={draft.within}
        onChange={(e) => change({ within: e.target.value.trim() }, "typing")}
      />
      <TextField
        label={`Min. rate ($/${distanceUnit(units)})`}
        name="minRate"
        inputMode="decimal"
        placeholder="Any rate"
        autoComplete="off"
        hint={units === "us" ? "Your pay per loaded mile" : "Your pay per loaded km"}
        error={errors.minRate ?? server.minRateCentsPerMile ?? null}
        value={draft.minRate}
        onChange={(e) => change({ minRate: e.target.value.trim().replace(/^\$/, "") }, "typing")}
      />
      <SelectField
        label="Destination"
        name="dest"
        placeholder="Anywhere"
        options={destinationOptions}
        className="col-span-2 sm:col-span-1"
        error={server.destination ?? null}
        value={draft.dest}
        onChange={(e) => change({ dest: e.target.value }, "now")}
      />
      <TextField
        label="Pick-up from"
        type="date"
        name="from"
        value={draft.from}
        max={draft.to || undefined}
        error={server.pickupFrom ?? null}
        onChange={(e) => change({ from: e.target.value }, "now")}
      />
      <TextField
        label="Pick-up to"
        type="date"
        name="to"
        value={draft.to}
        min={draft.from || undefined}
        error={errors.to ?? server.pickupTo ?? null}
        onChange={(e) => change({ to: e.target.value }, "now")}
      />
      <SelectField
        label="Vehicle"
        name="vehicle"
        placeholder="Any I can carry"
        options={vehicleOptions}
        value={draft.vehicle}
        onChange={(e) => change({ vehicle: e.target.value as VehicleType | "" }, "now")}
      />
      <SelectField
        label="Sort by"
        name="sort"
        options={sortOptionsFor(units)}
        value={draft.sort}
        onChange={(e) => change({ sort: e.target.value as TLoadBoardSort }, "now")}
      />
      <div className="col-span-2 flex flex-wrap gap-2 lg:col-span-4">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        {hasBoardFilters(draft) || hasBoardFilters(filters) ? (
          <Button variant="ghost" onClick={() => change({ ...noBoardFilters, sort: draft.sort }, "now")}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
