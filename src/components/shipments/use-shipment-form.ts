"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useForm } from "react-hook-form";

import { applyServerErrors, SERVER_ERROR } from "~/components/forms/server-errors";
import { draftResolver } from "~/components/forms/values";
import type { TResolvedPlaceResult } from "~/components/places/address-search-field";
import { getErrorMessage, getFieldErrors, type TFieldErrors } from "~/components/ui/form-errors";
import type { ShipmentStatus } from "~/generated/prisma/enums";
import type { TLatLng } from "~/lib/geo";
import { type TShipmentInput, ZShipmentInputSchema } from "~/lib/schemas/shipment";
import { api } from "~/trpc/react";
import {
  emptyShipmentFormValues,
  formInitialFrom,
  isEditable,
  isShipmentFieldPath,
  latestUpdates,
  shipmentFieldPaths,
  type TShipmentFormInitial,
  type TShipmentFormValues,
  valuesFromInitial,
} from "./form-values";

type TStopKey = "pickup" | "dropoff";

export type TShipmentFormProps =
  | { mode: "create" }
  | {
      mode: "edit";
      id: string;
      /** The version the page loaded; a save with a stale version is refused (CONFLICT). */
      version: number;
      initial: TShipmentFormInitial;
    };

const resolver = draftResolver(ZShipmentInputSchema);

/** The server's messages keyed by the form's paths (the procedures nest the input under `shipment`). */
function shipmentMessages(error: unknown): TFieldErrors {
  const out: TFieldErrors = {};
  for (const [key, message] of Object.entries(getFieldErrors(error))) {
    const path = key.replace(/^shipment\./, "");
    if (isShipmentFieldPath(path)) out[path] ??= message;
  }
  return out;
}

function isConflict(error: unknown): boolean {
  return (error as { data?: { code?: string } | null }).data?.code === "CONFLICT";
}

/**
 * The shipment form's state: values and validation (react-hook-form + ZShipmentInputSchema), saving as a draft,
 * posting or updating, and recovering from a stale edit without losing what was typed.
 */
export function useShipmentForm(props: TShipmentFormProps) {
  const router = useRouter();
  const utils = api.useUtils();
  // `base` is what was loaded from the server: after a conflict, fields still equal to it take the latest values.
  const [base, setBase] = useState<TShipmentFormValues>(() =>
    props.mode === "edit" ? valuesFromInitial(props.initial) : emptyShipmentFormValues(),
  );
  const form = useForm<TShipmentFormValues, unknown, TShipmentInput>({ resolver, defaultValues: base });
  const [version, setVersion] = useState(props.mode === "edit" ? props.version : 0);
  const [conflict, setConflict] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [lockedStatus, setLockedStatus] = useState<ShipmentStatus | null>(null);

  const create = api.shipment.create.useMutation();
  const update = api.shipment.update.useMutation();
  // Stay disabled after success while the next page loads.
  const busy = create.isPending || create.isSuccess || update.isPending || update.isSuccess;

  async function save(shipment: TShipmentInput, post: boolean) {
    setNotice(null);
    try {
      if (props.mode === "create") {
        const { id, checkoutUrl, checkoutError } = await create.mutateAsync({ shipment, post });
        void utils.shipment.list.invalidate();
        // Posting pays on Stripe Checkout first; the return page shows the payment and the posting.
        if (checkoutUrl) window.location.assign(checkoutUrl);
        else router.push(checkoutError ? `/shipper/${id}?checkout=unavailable` : `/shipper/${id}`);
      } else {
        const { id } = await update.mutateAsync({ id: props.id, version, shipment });
        void utils.shipment.get.invalidate({ id });
        void utils.shipment.list.invalidate();
        router.push(`/shipper/${id}`);
      }
    } catch (error) {
      if (isConflict(error)) setConflict(getErrorMessage(error));
      else applyServerErrors(form.setError, error, shipmentFieldPaths, shipmentMessages(error));
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // "Save draft" and "Post shipment" both submit; the button pressed says which.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const post = submitter?.getAttribute("value") === "post";
    if (busy || lockedStatus) {
      event.preventDefault();
      return;
    }
    void form.handleSubmit((shipment) => save(shipment, post))(event);
  }

  /**
   * A place chosen in the stop's address search: its city, point, address parts and source. The street line is
   * filled only from a street-level result (Google); a city or ZIP from the offline list leaves it for the shipper.
   */
  function applyPlace(stop: TStopKey, place: TResolvedPlaceResult) {
    const options = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
    if (place.source === "google" && place.line1 && place.line1 !== place.city) {
      form.setValue(`${stop}.address`, place.line1, options);
    }
    form.setValue(`${stop}.city`, place.city ?? place.line1, options);
    form.setValue(`${stop}.lat`, place.lat, options);
    form.setValue(`${stop}.lng`, place.lng, options);
    form.setValue(`${stop}.formattedAddress`, place.formattedAddress, options);
    form.setValue(`${stop}.region`, place.region ?? "", options);
    form.setValue(`${stop}.postalCode`, place.postalCode ?? "", options);
    form.setValue(`${stop}.country`, place.country ?? "", options);
    form.setValue(`${stop}.geocodeSource`, place.source, options);
  }

  /** The stop's pin moved on the map (to the dock): the point changes, the address stays, the source says "pin". */
  function movePin(stop: TStopKey, p: TLatLng) {
    const options = { shouldDirty: true, shouldValidate: form.formState.isSubmitted };
    form.setValue(`${stop}.lat`, p.lat, options);
    form.setValue(`${stop}.lng`, p.lng, options);
    form.setValue(`${stop}.geocodeSource`, "pin", options);
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
      const updates = latestUpdates(form.getValues(), base, latestValues);
      for (const { path, value } of updates) {
        form.setValue(path, value as never, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
      }
      setBase(latestValues);
      setVersion(latest.version);
      setConflict(null);
      const n = updates.length;
      setNotice(
        n > 0
          ? `Loaded the latest version. ${n} ${n === 1 ? "field you had not changed was" : "fields you had not changed were"} updated; your own changes are kept. Check them and save again.`
          : "Loaded the latest version. Your changes are kept: check them and save again.",
      );
    } catch (error) {
      form.setError(SERVER_ERROR, { type: "server", message: getErrorMessage(error) });
    } finally {
      setReloading(false);
    }
  }

  return {
    form,
    onSubmit,
    applyPlace,
    movePin,
    reloadLatest,
    busy,
    postPending: create.isPending && create.variables?.post === true,
    draftPending: create.isPending && create.variables?.post === false,
    updatePending: update.isPending,
    conflict,
    reloading,
    notice,
    lockedStatus,
  };
}
