"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useMemo, useRef, useState, useSyncExternalStore } from "react";

import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { focusFirstInvalid, getErrorMessage, getFieldErrors, zodFieldErrors } from "~/components/ui/form-errors";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import { quote } from "~/lib/pricing";
import { ZQuoteInputSchema, ZShipmentInputSchema } from "~/lib/schemas/shipment";
import { statusLabel } from "~/lib/shipment-state";
import { vehicleLabel, vehicleTypes } from "~/lib/vehicles";
import { api } from "~/trpc/react";
import {
  emptyShipmentFormValues,
  fieldId,
  formInitialFrom,
  isEditable,
  isShipmentFieldPath,
  mergeLatest,
  numberOrUndefined,
  shipmentFieldPaths,
  toShipmentInput,
  type TShipmentFieldPath,
  type TShipmentFormInitial,
  type TShipmentFormValues,
  valuesFromInitial,
} from "./form-values";
import { knownCities, matchKnownCity } from "./known-cities";
import { QuotePanel } from "./quote-panel";

export type TShipmentFormProps =
  | { mode: "create" }
  | {
      mode: "edit";
      id: string;
      /** The version the page loaded; a save with a stale version is refused (CONFLICT). */
      version: number;
      initial: TShipmentFormInitial;
    };

type TErrors = Partial<Record<TShipmentFieldPath, string>>;

const vehicleOptions = vehicleTypes.map((v) => ({ value: v, label: vehicleLabel[v] }));
const cityOptions = knownCities.map((c) => ({ value: c.key, label: `${c.name}, ${c.state}` }));

const noopSubscribe = () => () => {};

/**
 * Create or edit a shipment. The edit form renders in the browser only: its windows are shown in the browser's
 * time zone, which the server does not know.
 */
export function ShipmentForm(props: TShipmentFormProps) {
  const hydrated = useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  if (props.mode === "edit" && !hydrated) {
    return (
      <div aria-busy className="space-y-4">
        <span className="sr-only" role="status">
          Loading the form…
        </span>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-48 animate-pulse rounded-xl bg-slate-200 motion-reduce:animate-none" />
        ))}
      </div>
    );
  }
  return <ShipmentFormInner {...props} />;
}

function pickFieldErrors(all: Record<string, string>): TErrors {
  const out: TErrors = {};
  for (const [key, message] of Object.entries(all)) {
    const path = key.replace(/^shipment\./, "");
    if (isShipmentFieldPath(path)) out[path] ??= message;
  }
  return out;
}

const fieldLabels: Record<TShipmentFieldPath, string> = {
  "pickup.address": "Pick-up address",
  "pickup.city": "Pick-up city",
  "pickup.lat": "Pick-up latitude",
  "pickup.lng": "Pick-up longitude",
  "pickup.windowStart": "Pick-up window start",
  "pickup.windowEnd": "Pick-up window end",
  "pickup.contactName": "Pick-up contact name",
  "pickup.contactPhone": "Pick-up contact phone",
  "dropoff.address": "Drop-off address",
  "dropoff.city": "Drop-off city",
  "dropoff.lat": "Drop-off latitude",
  "dropoff.lng": "Drop-off longitude",
  "dropoff.windowStart": "Drop-off window start",
  "dropoff.windowEnd": "Drop-off window end",
  "dropoff.contactName": "Drop-off contact name",
  "dropoff.contactPhone": "Drop-off contact phone",
  "cargo.description": "Cargo description",
  "cargo.weightKg": "Weight (kg)",
  "cargo.lengthCm": "Length (cm)",
  "cargo.widthCm": "Width (cm)",
  "cargo.heightCm": "Height (cm)",
  "cargo.vehicleType": "Vehicle type",
  "recipient.name": "Recipient name",
  "recipient.phone": "Recipient phone",
  "recipient.email": "Recipient email",
};

function ShipmentFormInner(props: TShipmentFormProps) {
  const router = useRouter();
  const utils = api.useUtils();
  const formRef = useRef<HTMLFormElement>(null);
  // `base` is what was loaded from the server: after a conflict, fields still equal to it take the latest values.
  const [base, setBase] = useState<TShipmentFormValues>(() =>
    props.mode === "edit" ? valuesFromInitial(props.initial) : emptyShipmentFormValues(),
  );
  const [values, setValues] = useState<TShipmentFormValues>(base);
  const [version, setVersion] = useState(props.mode === "edit" ? props.version : 0);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [lockedStatus, setLockedStatus] = useState<ShipmentStatus | null>(null);

  const parsed = useMemo(() => ZShipmentInputSchema.safeParse(toShipmentInput(values)), [values]);
  const clientErrors = useMemo<TErrors>(
    () => (parsed.success ? {} : pickFieldErrors(zodFieldErrors(parsed.error))),
    [parsed],
  );
  // Before the first submit only the server's errors show; afterwards the fields re-validate as they change.
  const errors: TErrors = submitted ? { ...serverErrors, ...clientErrors } : serverErrors;
  const errorPaths = shipmentFieldPaths.filter((p) => errors[p]);

  const liveQuote = useMemo(() => {
    const q = ZQuoteInputSchema.safeParse({
      pickup: { lat: numberOrUndefined(values["pickup.lat"]), lng: numberOrUndefined(values["pickup.lng"]) },
      dropoff: { lat: numberOrUndefined(values["dropoff.lat"]), lng: numberOrUndefined(values["dropoff.lng"]) },
      weightKg: numberOrUndefined(values["cargo.weightKg"]),
      vehicleType: values["cargo.vehicleType"] || undefined,
    });
    if (!q.success) return null;
    if (q.data.pickup.lat === q.data.dropoff.lat && q.data.pickup.lng === q.data.dropoff.lng) return null;
    return quote(q.data);
  }, [values]);

  function onServerError(error: unknown) {
    const code = (error as { data?: { code?: string } | null }).data?.code;
    if (code === "CONFLICT") {
      setConflict(getErrorMessage(error));
      return;
    }
    const mapped = pickFieldErrors(getFieldErrors(error));
    setServerErrors(mapped);
    setFormError(Object.keys(mapped).length > 0 ? null : getErrorMessage(error));
    focusFirstInvalid(formRef.current);
  }

  const create = api.shipment.create.useMutation({
    onSuccess: ({ id }) => {
      void utils.shipment.list.invalidate();
      router.push(`/shipper/${id}`);
    },
    onError: onServerError,
  });
  const update = api.shipment.update.useMutation({
    onSuccess: ({ id }) => {
      void utils.shipment.get.invalidate({ id });
      void utils.shipment.list.invalidate();
      router.push(`/shipper/${id}`);
    },
    onError: onServerError,
  });
  // Stay disabled after success while the next page loads.
  const busy = create.isPending || create.isSuccess || update.isPending || update.isSuccess;

  function setField(path: TShipmentFieldPath, value: string) {
    setValues((v) => ({ ...v, [path]: value }));
    setServerErrors((e) => {
      if (!(path in e)) return e;
      const next = { ...e };
      delete next[path];
      return next;
    });
  }

  function applyKnownCity(stop: "pickup" | "dropoff", key: string) {
    const city = knownCities.find((c) => c.key === key);
    if (!city) return;
    setValues((v) => ({
      ...v,
      [`${stop}.city`]: city.name,
      [`${stop}.lat`]: String(city.lat),
      [`${stop}.lng`]: String(city.lng),
    }));
    setServerErrors((e) => {
      const next = { ...e };
      delete next[`${stop}.city`];
      delete next[`${stop}.lat`];
      delete next[`${stop}.lng`];
      return next;
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || lockedStatus) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const post = submitter?.getAttribute("value") === "post";
    setSubmitted(true);
    setFormError(null);
    setServerErrors({});
    setNotice(null);
    if (!parsed.success) {
      focusFirstInvalid(formRef.current);
      return;
    }
    if (props.mode === "create") create.mutate({ shipment: parsed.data, post });
    else update.mutate({ id: props.id, version, shipment: parsed.data });
  }

  async function reloadLatest() {
    if (props.mode !== "edit") return;
    setReloading(true);
    try {
      const latest = await utils.shipment.get.fetch({ id: props.id }, { staleTime: 0 });
      const initial = formInitialFrom(latest);
      if (!initial || !isEditable(latest.status)) {
        setLockedStatus(latest.status);
        setConflict(null);
        return;
      }
      const latestValues = valuesFromInitial(initial);
      const merged = mergeLatest(values, base, latestValues);
      setValues(merged.values);
      setBase(latestValues);
      setVersion(latest.version);
      setConflict(null);
      setNotice(
        merged.updated > 0
          ? `Loaded the latest version. ${merged.updated} ${merged.updated === 1 ? "field you had not changed was" : "fields you had not changed were"} updated; your own changes are kept. Check them and save again.`
          : "Loaded the latest version. Your changes are kept: check them and save again.",
      );
    } catch (error) {
      setFormError(getErrorMessage(error));
    } finally {
      setReloading(false);
    }
  }

  const text = (path: TShipmentFieldPath) => ({
    id: fieldId(path),
    name: path,
    label: fieldLabels[path],
    value: values[path],
    error: errors[path],
    onChange: (e: { target: { value: string } }) => setField(path, e.target.value),
  });

  const stopSection = (stop: "pickup" | "dropoff", title: string) => {
    const known = matchKnownCity(values[`${stop}.city`], values[`${stop}.lat`], values[`${stop}.lng`]);
    return (
      <Section title={title}>
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
          onChange={(e) => applyKnownCity(stop, e.target.value)}
          className="sm:col-span-2"
        />
        <TextField {...text(`${stop}.address`)} autoComplete="off" className="sm:col-span-2" />
        <TextField {...text(`${stop}.city`)} autoComplete="off" className="sm:col-span-2" />
        <TextField {...text(`${stop}.lat`)} type="number" step="any" min={-90} max={90} hint="e.g. 41.8781" />
        <TextField {...text(`${stop}.lng`)} type="number" step="any" min={-180} max={180} hint="e.g. -87.6298" />
        <TextField {...text(`${stop}.windowStart`)} type="datetime-local" />
        <TextField {...text(`${stop}.windowEnd`)} type="datetime-local" />
        <TextField {...text(`${stop}.contactName`)} autoComplete="off" hint="Optional" />
        <TextField {...text(`${stop}.contactPhone`)} type="tel" autoComplete="off" hint="Optional" />
      </Section>
    );
  };

  const postPending = create.isPending && create.variables?.post === true;
  const draftPending = create.isPending && create.variables?.post === false;

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-6 lg:col-start-1">
        {formError ? <Alert tone="error">{formError}</Alert> : null}
        {conflict ? (
          <Alert tone="error" title="Not saved: this shipment changed">
            <p>{conflict}</p>
            <p>Reloading keeps what you typed; fields you did not change take the latest values.</p>
            <div className="pt-2">
              <Button
                variant="secondary"
                size="sm"
                onClick={() => void reloadLatest()}
                pending={reloading}
                pendingLabel="Reloading…"
              >
                Reload
              </Button>
            </div>
          </Alert>
        ) : null}
        {lockedStatus && props.mode === "edit" ? (
          <Alert tone="warning" role="alert" title="This shipment can no longer be edited">
            <p>It is now {statusLabel[lockedStatus].toLowerCase()}. Your unsaved input is still shown below.</p>
            <p>
              <Link href={`/shipper/${props.id}`} className="font-semibold underline">
                Back to the shipment
              </Link>
            </p>
          </Alert>
        ) : null}
        {notice ? <Alert tone="info">{notice}</Alert> : null}
        {submitted && errorPaths.length > 0 ? (
          <Alert tone="error" title={`Check ${errorPaths.length === 1 ? "1 field" : `${errorPaths.length} fields`}`}>
            <ul className="list-disc pl-5">
              {errorPaths.map((p) => (
                <li key={p}>
                  <a href={`#${fieldId(p)}`} className="underline">
                    {fieldLabels[p]}
                  </a>
                  : {errors[p]}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}

        {stopSection("pickup", "Pick-up")}
        {stopSection("dropoff", "Drop-off")}

        <Section title="Cargo">
          <TextareaField
            {...text("cargo.description")}
            rows={3}
            className="sm:col-span-2"
            hint="What it is and how it is packed, e.g. 12 pallets of canned goods."
          />
          <TextField {...text("cargo.weightKg")} type="number" inputMode="numeric" step={1} min={1} max={40000} />
          <SelectField {...text("cargo.vehicleType")} options={vehicleOptions} placeholder="Choose a vehicle type" />
          <div className="grid grid-cols-3 gap-3 sm:col-span-2">
            <TextField
              {...text("cargo.lengthCm")}
              type="number"
              inputMode="numeric"
              step={1}
              min={1}
              max={2000}
              hint="Optional"
            />
            <TextField
              {...text("cargo.widthCm")}
              type="number"
              inputMode="numeric"
              step={1}
              min={1}
              max={300}
              hint="Optional"
            />
            <TextField
              {...text("cargo.heightCm")}
              type="number"
              inputMode="numeric"
              step={1}
              min={1}
              max={450}
              hint="Optional"
            />
          </div>
        </Section>

        <Section title="Recipient" description="Who receives the load. They get the delivery code from you.">
          <TextField {...text("recipient.name")} autoComplete="off" className="sm:col-span-2" />
          <TextField {...text("recipient.phone")} type="tel" autoComplete="off" hint="Optional" />
          <TextField {...text("recipient.email")} type="email" autoComplete="off" hint="Optional" />
        </Section>
      </div>

      <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <QuotePanel quote={liveQuote} className="lg:sticky lg:top-4" />
      </div>

      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center lg:col-start-1">
        {props.mode === "create" ? (
          <>
            {/* "Save draft" comes first so that Enter in a field saves a draft rather than posting publicly. */}
            <Button
              type="submit"
              name="intent"
              value="draft"
              variant="secondary"
              disabled={busy && !draftPending}
              pending={draftPending}
              pendingLabel="Saving…"
            >
              Save draft
            </Button>
            <Button
              type="submit"
              name="intent"
              value="post"
              disabled={busy && !postPending}
              pending={postPending}
              pendingLabel="Posting…"
            >
              Post shipment
            </Button>
          </>
        ) : (
          <>
            <Button
              type="submit"
              disabled={!!lockedStatus || (busy && !update.isPending)}
              pending={update.isPending}
              pendingLabel="Saving…"
            >
              Save changes
            </Button>
            <Link href={`/shipper/${props.id}`} className={buttonClasses({ variant: "ghost" })}>
              Discard changes
            </Link>
          </>
        )}
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="float-left mb-4 w-full text-lg font-semibold">{title}</legend>
      {description ? <p className="clear-both -mt-2 mb-4 text-sm text-slate-600">{description}</p> : null}
      <div className="clear-both grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}
