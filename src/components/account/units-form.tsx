"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";

import { writeUnitsCookie } from "~/components/units/units-context";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { getErrorMessage } from "~/components/ui/form-errors";
import { type TUnitSystem, unitsForLocale } from "~/lib/units";
import { api } from "~/trpc/react";

type TChoice = TUnitSystem | "browser";

const choices: { value: TChoice; label: string; hint: string }[] = [
  { value: "us", label: "US customary", hint: "Miles, pounds, inches, dollars per mile, °F" },
  { value: "metric", label: "Metric", hint: "Kilometres, kilograms, centimetres, dollars per km, °C" },
  { value: "browser", label: "Follow my browser", hint: "US customary for a US English browser, else metric" },
];

/**
 * The account's units (issue 10 §5): stored with account.setUnits and applied to every page (the server components
 * are refreshed; the cookie keeps the choice for pages outside the signed-in frame). Values are stored in SI whatever
 * is chosen.
 */
export function UnitsForm({ stored }: { stored: TUnitSystem | null }) {
  const router = useRouter();
  const id = useId();
  const [choice, setChoice] = useState<TChoice>(stored ?? "browser");
  const [saved, setSaved] = useState(false);
  const setUnits = api.account.setUnits.useMutation();

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setSaved(false);
    const units = choice === "browser" ? null : choice;
    try {
      await setUnits.mutateAsync({ units });
      writeUnitsCookie(units ?? unitsForLocale(navigator.language));
      setSaved(true);
      router.refresh();
    } catch {
      // Shown below from the mutation's error.
    }
  }

  return (
    <Card
      title="Units"
      description="How distances, weights and rates are shown and typed. Stored values do not change."
    >
      <form onSubmit={(e) => void onSubmit(e)} className="space-y-4">
        <fieldset>
          <legend className="sr-only">Units</legend>
          <div className="space-y-2">
            {choices.map((c) => (
              <label
                key={c.value}
                className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3"
              >
                <input
                  type="radio"
                  name={`${id}-units`}
                  value={c.value}
                  checked={choice === c.value}
                  onChange={() => {
                    setChoice(c.value);
                    setSaved(false);
                  }}
                  className="mt-1 size-4"
                  aria-describedby={`${id}-${c.value}`}
                />
                <span>
                  <span className="block font-medium">{c.label}</span>
                  <span id={`${id}-${c.value}`} className="block text-sm text-slate-600">
                    {c.hint}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div aria-live="polite">
          {setUnits.isError ? <Alert tone="error">{getErrorMessage(setUnits.error)}</Alert> : null}
          {saved ? (
            <Alert tone="success" role="status">
              Units saved.
            </Alert>
          ) : null}
        </div>
        <Button type="submit" disabled={setUnits.isPending}>
          {setUnits.isPending ? "Saving…" : "Save units"}
        </Button>
      </form>
    </Card>
  );
}
