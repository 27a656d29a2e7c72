"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { type FieldErrors, FormProvider, get } from "react-hook-form";

import { FormError } from "~/components/forms/form-error";
import { Alert } from "~/components/ui/alert";
import { useUnits } from "~/components/units/units-context";
import { Button, buttonClasses } from "~/components/ui/button";
import { statusLabel } from "~/lib/shipment-state";
import { CargoSection } from "./cargo-section";
import { fieldId, fieldLabelIn, shipmentFieldPaths, type TShipmentFormValues } from "./form-values";
import { LiveQuote } from "./live-quote";
import { ProofSection } from "./proof-section";
import { RecipientSection } from "./recipient-section";
import { StopSection } from "./stop-section";
import { type TShipmentFormProps, useShipmentForm } from "./use-shipment-form";

export type { TShipmentFormProps } from "./use-shipment-form";

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

function ShipmentFormInner(props: TShipmentFormProps) {
  const s = useShipmentForm(props);
  const { errors, isSubmitted } = s.form.formState;

  return (
    <FormProvider {...s.form}>
      <form noValidate onSubmit={s.onSubmit} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6 lg:col-start-1">
          <FormError errors={errors} />
          {s.conflict ? (
            <Alert tone="error" title="Not saved: this shipment changed">
              <p>{s.conflict}</p>
              <p>Reloading keeps what you typed; fields you did not change take the latest values.</p>
              <div className="pt-2">
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => void s.reloadLatest()}
                  pending={s.reloading}
                  pendingLabel="Reloading…"
                >
                  Reload
                </Button>
              </div>
            </Alert>
          ) : null}
          {s.lockedStatus && props.mode === "edit" ? (
            <Alert tone="warning" role="alert" title="This shipment can no longer be edited">
              <p>It is now {statusLabel[s.lockedStatus].toLowerCase()}. Your unsaved input is still shown below.</p>
              <p>
                <Link href={`/shipper/${props.id}`} className="font-semibold underline">
                  Back to the shipment
                </Link>
              </p>
            </Alert>
          ) : null}
          {s.notice ? <Alert tone="info">{s.notice}</Alert> : null}
          {isSubmitted ? <ErrorSummary errors={errors} /> : null}

          <StopSection stop="pickup" title="Pick-up" onPlace={s.applyPlace} onPin={s.movePin} />
          <StopSection stop="dropoff" title="Drop-off" onPlace={s.applyPlace} onPin={s.movePin} />
          <CargoSection />
          <RecipientSection />
          <ProofSection />
        </div>

        <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <LiveQuote className="lg:sticky lg:top-4" />
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
                disabled={s.busy && !s.draftPending}
                pending={s.draftPending}
                pendingLabel="Saving…"
              >
                Save draft
              </Button>
              <Button
                type="submit"
                name="intent"
                value="post"
                disabled={s.busy && !s.postPending}
                pending={s.postPending}
                pendingLabel="Posting…"
              >
                Post shipment
              </Button>
            </>
          ) : (
            <>
              <Button
                type="submit"
                disabled={!!s.lockedStatus || (s.busy && !s.updatePending)}
                pending={s.updatePending}
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
    </FormProvider>
  );
}

/** After a submit: every field that needs attention, linked to it, in the order of the form. */
function ErrorSummary({ errors }: { errors: FieldErrors<TShipmentFormValues> }) {
  const units = useUnits();
  const problems = shipmentFieldPaths
    .map((path) => ({ path, message: (get(errors, path) as { message?: string } | undefined)?.message }))
    .filter((p): p is { path: (typeof shipmentFieldPaths)[number]; message: string } => !!p.message);
  if (problems.length === 0) return null;
  return (
    <Alert tone="error" title={`Check ${problems.length === 1 ? "1 field" : `${problems.length} fields`}`}>
      <ul className="list-disc pl-5">
        {problems.map((p) => (
          <li key={p.path}>
            <a href={`#${fieldId(p.path)}`} className="underline">
              {fieldLabelIn(p.path, units)}
            </a>
            : {p.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
