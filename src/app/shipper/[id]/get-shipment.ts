// One `shipment.get` per request for the page and its metadata; a shipment that is not the viewer's (or does not
// exist) is a 404, never a hint that it exists.
import "server-only";

import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { cache } from "react";

import { api } from "~/trpc/server";

export const getShipmentOrNotFound = cache(async (id: string) => {
  try {
    return await api.shipment.get({ id });
  } catch (error) {
    // BAD_REQUEST: an id the input schema rejects (e.g. far too long) cannot name a shipment either.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
});
