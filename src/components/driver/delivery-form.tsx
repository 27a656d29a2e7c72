"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { SignatureField, type TSignatureFieldHandle } from "~/components/files/signature-field";
import { cx } from "~/components/ui/cx";
import { newSubmissionKey } from "~/lib/offline/pod-outbox";
import { describeProof } from "~/lib/proof-of-delivery";
import { type TProofMethod, ZDeliveryCodeSchema } from "~/lib/schemas/shipment";
import { transitions } from "~/lib/shipment-state";
import { api } from "~/trpc/react";
import { BigButton } from "./big-button";
import { PhotoField } from "./photo-field";
import { proofStore, useDeliveryFormShown, usePendingProof, useSendPendingProof } from "./pending-proof";
import { useDevicePosition } from "./use-device-position";

const ZRecipientName = z.string().trim().max(120, { error: "At most 120 characters." });
const ZNamedRecipient = ZRecipientName.min(1, { error: "Enter the recipient's name." });
// Without a required code the field is not shown; with a signature the name is asked for. The server checks the same.
const deliveryFormSchema = (needsCode: boolean, needsName: boolean) =>
  z.object({
    code: needsCode ? ZDeliveryCodeSchema : z.string(),
    recipientName: needsName ? ZNamedRecipient : ZRecipientName,
  });

type TDeliveryFormProps = {
  id: string;
  /** The proof the shipper requires (`podRequires`): only those inputs are shown. */
  requires: TProofMethod[];
  /** Refetches the job after delivery; awaited so the button stays busy until the new state is on screen. */
  onDelivered: () => Promise<unknown>;
  /** Refetches after a wrong code: attempts left and the lock live on the server. */
  onRefresh: () => void;
};

/**
 * The proof of delivery and the "Delivered" button, with the inputs the shipment requires (`requires`): a photo of the
 * delivered cargo (the phone's camera), the recipient's name and signature, their 6-digit code. The server checks
 * the same (field errors); photo and signature are uploaded first (podPhoto / podSignature) and named by id. Sends
 * the phone's position when it has one. The proof is saved on the phone first (IndexedDB, pending-proof.tsx) and
 * sent from there: without a network it waits and goes, once, when the network returns.
 */
export function DeliveryForm({ id, requires, onDelivered, onRefresh }: TDeliveryFormProps) {
  const needs = { photo: requires.includes("PHOTO"), signature: requires.includes("SIGNATURE") };
  const needsCode = requires.includes("CODE");
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement | null>(null);
  // Asked for now so it is usually ready by the time the code is typed; delivering never waits for it.
  const device = useDevicePosition({ precision: 5 });
  const utils = api.useUtils();
  const form = useForm({
    resolver: zodResolver(deliveryFormSchema(needsCode, needs.signature)),
    defaultValues: { code: "", recipientName: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const [photo, setPhoto] = useState<File | null>(null);
  const [proofErrors, setProofErrors] = useState<{ photo?: string; signature?: string }>({});
  const signatureRef = useRef<TSignatureFieldHandle | null>(null);
  // A photo already uploaded is not sent again when only the code was wrong.
  const uploaded = useRef(new Map<File, string>());
  const sendNow = useSendPendingProof();
  const pending = usePendingProof(id);
  useDeliveryFormShown(id);

  // The server's refusal of a proof sent from this phone (now, or later from the queue): beside the fields.
  function showRefusal(fieldErrors: Record<string, string>, message: string) {
    setProofErrors({ photo: fieldErrors.photo, signature: fieldErrors.signature });
    // A wrong code is expected: it is shown beside the input, selected so the next try replaces it. A message
    // beside the photo or the signature explains the refusal already: no form-level alert then.
    const fields = ["recipientName", "code"] as const;
    if (fieldErrors.photo || fieldErrors.signature) {
      for (const f of fields) if (fieldErrors[f]) form.setError(f, { type: "server", message: fieldErrors[f] });
    } else applyServerErrors(form.setError, new Error(message), fields, fieldErrors);
    inputRef.current?.select();
  }

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // handleSubmit stops at the first invalid field set; the photo and signature are named beside them either way.
    if (!(await form.trigger())) {
      await missingProof();
      return;
    }
    await submitChecked(event);
  };

  // The photo and the signature are checked here with the other fields, so every missing part is named at once
  // and nothing is uploaded for a proof the server would refuse anyway (the server checks the same).
  const missingProof = async () => {
    const signature = needs.signature ? ((await signatureRef.current?.toFile()) ?? null) : null;
    const missing = {
      photo: needs.photo && !photo ? "Take a photo of the delivered cargo." : undefined,
      signature: needs.signature && !signature ? "Ask the recipient to sign." : undefined,
    };
    setProofErrors(missing);
    return { signature, missing: Boolean(missing.photo || missing.signature) };
  };

  const submitChecked = form.handleSubmit(async ({ code, recipientName }) => {
    const { signature, missing } = await missingProof();
    if (missing) return;
    // Saved on the phone first, then sent: without a network it waits there and goes when the network returns.
    await proofStore().put({
      shipmentId: id,
      key: newSubmissionKey(),
      state: "waiting",
      code: code || undefined,
      recipientName: recipientName || undefined,
      ...(device.state === "on" ? device.position : {}),
      photo: photo && needs.photo ? { blob: photo, name: photo.name, type: photo.type } : undefined,
      photoFileId: photo && needs.photo ? uploaded.current.get(photo) : undefined,
      signature: signature ? { blob: signature, name: signature.name, type: signature.type } : undefined,
      capturedAt: Date.now(),
      attempts: 0,
    });
    const after = await sendNow(id);
    if (after?.state === "refused") {
      if (photo && after.photoFileId) uploaded.current.set(photo, after.photoFileId);
      showRefusal(after.fieldErrors ?? {}, after.message ?? "The proof was refused.");
      // Shown on the form now: the phone keeps nothing of a refused proof.
      await proofStore().delete(id);
      onRefresh();
      return;
    }
    if (after?.state !== "sent") return; // Waiting on the phone: PendingProofNotice says so.
    void utils.driver.jobs.invalidate();
    void utils.driver.history.invalidate();
    void utils.driver.earnings.invalidate();
    await onDelivered();
  });

  // A proof refused while it was sent from the queue (this page closed or in the background): shown once here.
  const shownRefusal = useRef<string | null>(null);
  useEffect(() => {
    if (pending?.state !== "refused" || shownRefusal.current === pending.key) return;
    shownRefusal.current = pending.key;
    showRefusal(pending.fieldErrors ?? {}, pending.message ?? "The proof was refused.");
    void proofStore().delete(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- showRefusal only writes state; run per refusal.
  }, [pending]);

  // Saved on the phone and on its way (or waiting for the network): PendingProofNotice (above) says so. The form
  // stays on the page, disabled, so a refusal (a wrong code) finds the photo and the signature still there; a
  // second submission meanwhile would only race the first.
  const waiting = pending?.state === "waiting";

  const codeError = errors.code?.message;
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4">
      <fieldset disabled={waiting} className="contents">
        <FormError errors={errors} />
        <p className="text-sm text-slate-700">
          <span className="font-semibold">The shipper requires</span> {describeProof(requires)}.
        </p>
        {needs.photo ? (
          <div className="space-y-1.5">
            <PhotoField
              id={`${inputId}-photo`}
              label="Photo of the delivered cargo"
              photo={photo}
              onChange={setPhoto}
              describedBy={proofErrors.photo ? `${inputId}-photo-error` : undefined}
            />
            <p id={`${inputId}-photo-error`} role="alert" className="text-base font-medium text-red-700 empty:hidden">
              {proofErrors.photo ?? ""}
            </p>
          </div>
        ) : null}
        {needs.signature ? (
          <>
            <div className="space-y-1.5">
              <label htmlFor={`${inputId}-name`} className="block text-base font-semibold text-slate-900">
                Recipient&apos;s name
              </label>
              <input
                id={`${inputId}-name`}
                type="text"
                autoComplete="off"
                maxLength={120}
                aria-invalid={errors.recipientName ? true : undefined}
                aria-describedby={errors.recipientName ? `${inputId}-name-error` : undefined}
                {...form.register("recipientName")}
                className="block min-h-12 w-full rounded-xl border-2 border-slate-300 bg-white px-4 py-2 text-lg"
              />
              <p id={`${inputId}-name-error`} role="alert" className="text-base font-medium text-red-700 empty:hidden">
                {errors.recipientName?.message ?? ""}
              </p>
            </div>
            <SignatureField
              ref={signatureRef}
              id={`${inputId}-signature`}
              label="Recipient's signature"
              error={proofErrors.signature}
            />
          </>
        ) : null}
        {needsCode ? (
          <div className="space-y-1.5">
            <label htmlFor={inputId} className="block text-base font-semibold text-slate-900">
              Delivery code
            </label>
            <p id={`${inputId}-hint`} className="text-sm text-slate-600">
              Ask the recipient for the 6-digit code the shipper gave them.
            </p>
            <Controller
              control={form.control}
              name="code"
              render={({ field }) => (
                <input
                  ref={(el) => {
                    field.ref(el);
                    inputRef.current = el;
                  }}
                  id={inputId}
                  name={field.name}
                  type="text"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  // Room for a code pasted with spaces or a dash (" 738 412 "): a limit of 6 would cut it before
                  // the separators are removed below.
                  maxLength={16}
                  required
                  aria-invalid={codeError ? true : undefined}
                  aria-describedby={codeError ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`}
                  value={field.value}
                  // Digits only; too many digits are left for the schema to refuse rather than silently cut.
                  onChange={(e) => field.onChange(e.target.value.replace(/\D/g, ""))}
                  onBlur={field.onBlur}
                  className={cx(
                    "block min-h-14 w-full rounded-xl border-2 bg-white px-4 py-2 text-center font-mono text-3xl tracking-[0.3em] text-slate-900",
                    "focus:border-brand-500 focus:outline-2 focus:outline-brand-500",
                    codeError ? "border-red-600" : "border-slate-300",
                  )}
                />
              )}
            />
            {/* role="alert": the input keeps focus, so the message must be announced on its own. */}
            <p id={`${inputId}-error`} role="alert" className="text-base font-medium text-red-700 empty:hidden">
              {codeError ?? ""}
            </p>
          </div>
        ) : null}
        <BigButton type="submit" variant="success" pending={isSubmitting} pendingLabel="Sending proof…">
          {transitions.deliver.label}
        </BigButton>
      </fieldset>
    </form>
  );
}
