"use client";

import { useState } from "react";

import { useLiveShipment } from "~/components/realtime/use-live-shipment";
import { getErrorMessage } from "~/components/ui/form-errors";
import { availableActions, type TShipmentAction } from "~/lib/shipment-state";
import { api, type RouterOutputs } from "~/trpc/react";

export type TShipment = RouterOutputs["shipment"]["get"];

const successText: Partial<Record<TShipmentAction, string>> = {
  post: "Posted to the load board. Drivers can accept it now.",
  confirm: "Delivery confirmed. Thank you!",
  cancel: "Shipment cancelled.",
};

/**
 * The shipper's view of one shipment: the freshest copy (kept live from the shipment's channel, useLiveShipment), the
 * actions the state machine allows, and their outcome (a success note, or an error the page shows).
 */
export function useShipmentDetail(id: string) {
  const utils = api.useUtils();
  // Hydrated from the page's prefetch (a fresher server render replaces an older cached copy), so no loading state.
  const [shipment, query] = api.shipment.get.useSuspenseQuery({ id });
  useLiveShipment(id);

  const [actionError, setActionError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);

  // The button stays pending until the page shows the new state, then the outcome is announced.
  async function succeeded(action: TShipmentAction) {
    await Promise.all([utils.shipment.get.invalidate({ id }), utils.shipment.list.invalidate()]);
    setDone(successText[action] ?? null);
  }
  const handlers = (action: TShipmentAction) => ({
    onMutate: () => {
      setActionError(null);
      setDone(null);
    },
    onSuccess: () => succeeded(action),
    onError: (error: unknown) => setActionError(getErrorMessage(error)),
  });
  // Posting pays first: Stripe Checkout's page (the webhook posts the shipment), or posted at once when no payment
  // is needed. The button stays pending while the browser leaves for Checkout.
  const post = api.payment.checkout.useMutation({
    ...handlers("post"),
    onSuccess: async (result) => {
      if (result.kind === "checkout") window.location.assign(result.url);
      else await succeeded("post");
    },
  });
  const confirm = api.shipment.confirm.useMutation(handlers("confirm"));
  // Cancelling reports its errors in its own form (ReasonForm), beside the reason when that is the cause.
  const cancel = api.shipment.cancel.useMutation();

  return {
    shipment,
    query,
    // What the shipper may do now comes from the state machine, never from status checks here.
    actions: availableActions(shipment.status, "SHIPPER"),
    busy: post.isPending || (post.isSuccess && post.data.kind === "checkout") || confirm.isPending || cancel.isPending,
    post,
    confirm,
    actionError,
    done,
    cancelOpen,
    openCancel: () => {
      setCancelOpen(true);
      setDone(null);
    },
    closeCancel: () => setCancelOpen(false),
    /** Resolves once the page shows the cancelled shipment; rejects with the server's error. */
    cancelShipment: async (reason: string) => {
      setActionError(null);
      setDone(null);
      await cancel.mutateAsync({ id, reason });
      setCancelOpen(false);
      await succeeded("cancel");
    },
  };
}

export type TShipmentDetailState = ReturnType<typeof useShipmentDetail>;
