"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { type Resolver, useForm } from "react-hook-form";
import { z } from "zod";

import { BigButton } from "~/components/driver/big-button";
import { Button } from "~/components/ui/button";
import { cx } from "~/components/ui/cx";
import { TextareaField } from "~/components/ui/field";
import { REASON_MAX, ZOptionalReasonSchema, ZReasonSchema } from "~/lib/schemas/shipment";
import { FormError } from "./form-error";
import { applyServerErrors } from "./server-errors";

type TReasonValues = { reason: string };
type TReasonOutput = { reason: string | undefined };
const requiredReason: Resolver<TReasonValues, unknown, TReasonOutput> = zodResolver(
  z.object({ reason: ZReasonSchema }),
);
const optionalReason: Resolver<TReasonValues, unknown, TReasonOutput> = zodResolver(
  z.object({ reason: ZOptionalReasonSchema }),
);

type TReasonFormBaseProps = {
  /** The question the form asks, e.g. "Cancel this shipment?"; the form is labelled by it. */
  title: ReactNode;
  headingLevel?: 2 | 3;
  description?: ReactNode;
  /** Shown under the "Reason" label. */
  hint: ReactNode;
  submitLabel: string;
  pendingLabel: string;
  /** The button that closes the form without acting, e.g. "Keep shipment". */
  keepLabel: string;
  variant?: "danger" | "primary";
  /** The driver's pages use thumb-sized buttons. */
  size?: "md" | "lg";
  /** Where focus goes when the form opens: its heading (default) or the reason field. */
  initialFocus?: "heading" | "reason";
  className?: string;
  onKeep: () => void;
};

/**
 * `onSubmit` calls the mutation; a rejection is shown on the form (beside "Reason" when the server says it is the
 * cause). A required reason follows ZReasonSchema; an optional one ZOptionalReasonSchema (blank → undefined).
 */
export type TReasonFormProps = TReasonFormBaseProps &
  (
    | { optional?: false; onSubmit: (reason: string) => Promise<unknown> }
    | { optional: true; onSubmit: (reason: string | undefined) => Promise<unknown> }
  );

/**
 * Every "cancel / release / force, with a reason" confirmation: one textarea, validated with the shared reason
 * schema, server errors beside it or in one alert, the buttons disabled while the request runs.
 */
export function ReasonForm({
  title,
  headingLevel = 2,
  description,
  hint,
  optional = false,
  submitLabel,
  pendingLabel,
  keepLabel,
  variant = "danger",
  size = "md",
  initialFocus = "heading",
  className,
  onSubmit,
  onKeep,
}: TReasonFormProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const form = useForm<TReasonValues, unknown, TReasonOutput>({
    resolver: optional ? optionalReason : requiredReason,
    defaultValues: { reason: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const { setFocus } = form;
  // The field stops at REASON_MAX characters (a longer paste is cut): near it, a count says how many are left.
  const length = form.watch("reason").length;

  useEffect(() => {
    if (initialFocus === "heading") headingRef.current?.focus();
    else setFocus("reason");
  }, [initialFocus, setFocus]);

  const submit = form.handleSubmit(async ({ reason }) => {
    try {
      // The resolver matches `optional`, so a required reason is a string here.
      await (onSubmit as (reason: string | undefined) => Promise<unknown>)(reason);
    } catch (error) {
      applyServerErrors(form.setError, error, ["reason"]);
    }
  });

  const Heading = headingLevel === 2 ? "h2" : "h3";
  const buttons =
    size === "lg" ? (
      <div className="flex flex-col gap-3 sm:flex-row-reverse">
        <BigButton
          type="submit"
          variant={variant}
          pending={isSubmitting}
          pendingLabel={pendingLabel}
          className="sm:w-auto"
        >
          {submitLabel}
        </BigButton>
        <BigButton variant="secondary" className="sm:w-auto" onClick={onKeep} disabled={isSubmitting}>
          {keepLabel}
        </BigButton>
      </div>
    ) : (
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant={variant} pending={isSubmitting} pendingLabel={pendingLabel}>
          {submitLabel}
        </Button>
        <Button variant="secondary" onClick={onKeep} disabled={isSubmitting}>
          {keepLabel}
        </Button>
      </div>
    );

  return (
    <form noValidate onSubmit={submit} aria-labelledby={headingId} className={cx("space-y-4", className)}>
      <div className="space-y-1">
        <Heading
          id={headingId}
          ref={headingRef}
          tabIndex={-1}
          className={cx("font-semibold outline-none", headingLevel === 2 && "text-lg")}
        >
          {title}
        </Heading>
        {description ? <p className="text-sm text-slate-700">{description}</p> : null}
      </div>
      <FormError errors={errors} />
      <TextareaField
        label="Reason"
        optional={optional}
        required={!optional}
        hint={
          length >= REASON_MAX - 100 ? (
            <>
              {hint}{" "}
              {`${length} / ${REASON_MAX} characters${length >= REASON_MAX ? ", the most a reason can have" : ""}.`}
            </>
          ) : (
            hint
          )
        }
        rows={3}
        maxLength={REASON_MAX}
        {...form.register("reason")}
        error={errors.reason?.message}
      />
      {buttons}
    </form>
  );
}
