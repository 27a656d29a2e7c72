"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { HomeBaseSearch } from "~/components/account/home-base-search";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { getErrorMessage } from "~/components/ui/form-errors";
import type { THomeBase } from "~/lib/schemas/auth";
import { api } from "~/trpc/react";

/**
 * A driver's home base on the account page (issue 10 §6): chosen in the address search and saved at once, or
 * cleared. The load board measures deadhead from it when the driver has shared no recent position.
 */
export function HomeBaseForm({ stored }: { stored: THomeBase | null }) {
  const router = useRouter();
  const [base, setBase] = useState<THomeBase | null>(stored);
  const [saved, setSaved] = useState<string | null>(null);
  const save = api.account.setHomeBase.useMutation();

  async function store(next: THomeBase | null) {
    setSaved(null);
    try {
      await save.mutateAsync({ homeBase: next });
      setBase(next);
      setSaved(next ? `Home base set to ${next.label}.` : "Home base cleared.");
      router.refresh();
    } catch {
      // Shown below from the mutation's error.
    }
  }

  return (
    <Card
      title="Home base"
      description="The load board measures deadhead from here when you have not shared your location."
    >
      <div className="space-y-4">
        <p className="text-sm">
          {base ? (
            <>
              Current home base: <strong>{base.label}</strong>
            </>
          ) : (
            "No home base yet."
          )}
        </p>
        <HomeBaseSearch signedIn onSelect={(b) => void store(b)} />
        <div className="flex flex-wrap items-center gap-3">
          {base ? (
            <Button
              type="button"
              variant="secondary"
              pending={save.isPending}
              pendingLabel="Saving…"
              onClick={() => void store(null)}
            >
              Clear home base
            </Button>
          ) : null}
          <p aria-live="polite" className="text-sm text-emerald-800">
            {saved ?? ""}
          </p>
        </div>
        {save.error ? <Alert tone="error">{getErrorMessage(save.error)}</Alert> : null}
      </div>
    </Card>
  );
}
