"use client";

// Text messages on the account page: verify a phone number by a texted 6-digit code. Only a verified number gets
// SMS notifications; a number that replied STOP is shown as such until it texts START.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";

import { FormError } from "~/components/forms/form-error";
import { applyServerErrors } from "~/components/forms/server-errors";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { TextField } from "~/components/ui/field";
import { ZConfirmPhoneVerificationSchema, ZStartPhoneVerificationSchema } from "~/lib/schemas/phone-verification";
import { api } from "~/trpc/react";

export type TPhoneStatus = { phone: string | null; phoneVerifiedAt: Date | null; smsOptedOutAt: Date | null };

export function PhoneVerification({ status }: { status: TPhoneStatus }) {
  const verified = !!status.phone && !!status.phoneVerifiedAt;
  const [editing, setEditing] = useState(!verified);
  const [sent, setSent] = useState<{ phone: string; expiresAt: Date } | null>(null);

  return (
    <Card
      title="Text messages"
      description="Time-critical updates (pick-up reminders, delivery) by SMS go only to a number you have verified."
    >
      <div className="space-y-4">
        {verified ? (
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{status.phone}</span>
            {status.smsOptedOutAt ? (
              <Badge tone="warning">Opted out (STOP)</Badge>
            ) : (
              <Badge tone="success">Verified</Badge>
            )}
          </p>
        ) : null}
        {verified && status.smsOptedOutAt ? (
          <Alert tone="warning">
            You replied STOP, so we send no texts to this number. Reply START to any of our texts to receive them again.
          </Alert>
        ) : null}
        {!editing ? (
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Verify another number
          </Button>
        ) : sent ? (
          <ConfirmCodeForm
            sent={sent}
            onResend={() => setSent(null)}
            onVerified={() => {
              setSent(null);
              setEditing(false);
            }}
          />
        ) : (
          <SendCodeForm defaultPhone={verified ? "" : (status.phone ?? "")} onSent={setSent} />
        )}
      </div>
    </Card>
  );
}

function SendCodeForm({
  defaultPhone,
  onSent,
}: {
  defaultPhone: string;
  onSent: (sent: { phone: string; expiresAt: Date }) => void;
}) {
  const form = useForm<
    z.input<typeof ZStartPhoneVerificationSchema>,
    unknown,
    z.output<typeof ZStartPhoneVerificationSchema>
  >({
    resolver: zodResolver(ZStartPhoneVerificationSchema),
    defaultValues: { phone: defaultPhone },
  });
  const { errors, isSubmitting } = form.formState;
  const start = api.phone.startVerification.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      onSent(await start.mutateAsync(values));
    } catch (error) {
      applyServerErrors(form.setError, error, ["phone"]);
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Verify a phone number">
      <FormError errors={errors} />
      <TextField
        label="Mobile number"
        type="tel"
        autoComplete="tel"
        required
        hint="With its country code, e.g. +1 312 555 0100. We text it a 6-digit code."
        {...form.register("phone")}
        error={errors.phone?.message}
      />
      <Button type="submit" pending={isSubmitting} pendingLabel="Sending…">
        Text me a code
      </Button>
    </form>
  );
}

function ConfirmCodeForm({
  sent,
  onResend,
  onVerified,
}: {
  sent: { phone: string; expiresAt: Date };
  onResend: () => void;
  onVerified: () => void;
}) {
  const router = useRouter();
  const utils = api.useUtils();
  const form = useForm<
    z.input<typeof ZConfirmPhoneVerificationSchema>,
    unknown,
    z.output<typeof ZConfirmPhoneVerificationSchema>
  >({
    resolver: zodResolver(ZConfirmPhoneVerificationSchema),
    defaultValues: { phone: sent.phone, code: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const confirm = api.phone.confirm.useMutation();

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await confirm.mutateAsync(values);
      await utils.account.me.invalidate();
      onVerified();
      router.refresh();
    } catch (error) {
      applyServerErrors(form.setError, error, ["code"]);
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Enter the texted code">
      <p role="status" className="text-sm text-slate-700">
        We texted a code to <span className="font-medium">{sent.phone}</span>. It works until{" "}
        <DateTime value={sent.expiresAt} />.
      </p>
      <FormError errors={errors} />
      <TextField
        label="6-digit code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
        {...form.register("code")}
        error={errors.code?.message}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={isSubmitting} pendingLabel="Checking…">
          Verify number
        </Button>
        <Button type="button" variant="ghost" onClick={onResend}>
          Use another number or send a new code
        </Button>
      </div>
    </form>
  );
}
