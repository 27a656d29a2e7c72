import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { AdminShipmentView } from "~/components/admin/ops/shipment-view";
import { requirePageSession } from "~/server/auth/page-session";
import { api } from "~/trpc/server";

type TParams = { params: Promise<{ id: string }> };

/** One query per request, shared by the metadata and the page; null when there is no such shipment. */
const getShipment = cache(async (id: string) => {
  // The layout checks too, but layout and page render concurrently: nothing is queried before the check.
  await requirePageSession(["ADMIN"], `/admin/shipments/${encodeURIComponent(id)}`);
  return api.shipment.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  });
});

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const shipment = await getShipment((await params).id);
  return { title: shipment ? `Shipment ${shipment.reference}` : "Shipment not found" };
}

export default async function AdminShipmentPage({ params }: TParams) {
  const { id } = await params;
  const shipment = await getShipment(id);
  if (!shipment) notFound();
  return <AdminShipmentView id={id} initial={shipment} />;
}
