"use client";

import { type FormEvent, useId, useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { cx } from "~/components/ui/cx";
import { splitErrors } from "~/components/ui/form-errors";
import { ZDeliveryCodeSchema } from "~/lib/schemas/shipment";
import { transitions } from "~/lib/shipment-state";
import { api } from "~/trpc/react";
import { BigButton } from "./big-button";
import { useDevicePosition } from "./use-device-position";

type TDeliveryFormProps = {
  id: string;
  /** Refetches the job after delivery; awaited so the button stays busy until the new state is on screen. */
  onDelivered: () => Promise<unknown>;
  /** Refetches after a wrong code: attempts left and the lock live on the server. */
  onRefresh: () => void;
};

/** The recipient's 6-digit code and the "Delivered" button. Sends the phone's position when it has one. */
export function DeliveryForm({ id, onDelivered, onRefresh }: TDeliveryFormProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // Asked for now so it is usually ready by the time the code is typed; delivering never waits for it.
  const device = useDevicePosition({ precision: 5 });
  const utils = api.useUtils();

  const deliver = api.driver.deliver.useMutation({
    onSuccess: async () => {
      void utils.driver.jobs.invalidate();
      void utils.driver.history.invalidate();
      void utils.driver.earnings.invalidate();
      await onDelivered();
    },
    onError: (error) => {
      const split = splitErrors(error, ["code"]);
      setCodeError(split.fieldErrors.code ?? null);
      setFormError(split.formError);
      inputRef.current?.select();
      inputRef.current?.focus();
      onRefresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const parsed = ZDeliveryCodeSchema.safeParse(code);
    if (!parsed.success) {
      setCodeError(parsed.error.issues[0]?.message ?? "The delivery code has 6 digits.");
      inputRef.current?.focus();
      return;
    }
    setCodeError(null);
    deliver.mutate({ id, code: parsed.data, ...(device.state === "on" ? device.position : {}) });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <div className="space-y-1.5">
        <label htmlFor={inputId} className="block text-base font-semibold text-slate-900">
          Delivery code
        </label>
        <p id={`${inputId}-hint`} className="text-sm text-slate-600">
          Ask the recipient for the 6-digit code the shipper gave them.
        </p>
        <input
          ref={inputRef}
          id={inputId}
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          aria-invalid={codeError ? true : undefined}
          aria-describedby={codeError ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
          className={cx(
            "block min-h-14 w-full rounded-xl border-2 bg-white px-4 py-2 text-center font-mono text-3xl tracking-[0.3em] text-slate-900",
            "focus:border-brand-500 focus:outline-2 focus:outline-brand-500",
            codeError ? "border-red-600" : "border-slate-300",
          )}
        />
        {/* role="alert": the input keeps focus, so the message must be announced on its own. */}
        <p id={`${inputId}-error`} role="alert" className="text-base font-medium text-red-700 empty:hidden">
          {codeError ?? ""}
        </p>
      </div>
      <BigButton type="submit" variant="success" pending={deliver.isPending} pendingLabel="Checking code…">
        {transitions.deliver.label}
      </BigButton>
    </form>
  );
}
