import type { Metadata } from "next";

import { ShipmentChat } from "~/components/chat/shipment-chat";
import { ProofOfDelivery } from "~/components/files/proof-of-delivery";
import { ShipmentFiles } from "~/components/files/shipment-files";
import { AdminShipmentView } from "~/components/admin/ops/shipment-view";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient, loadOrNotFound } from "~/trpc/server";

type TParams = { params: Promise<{ id: string }> };

/** One query per request, shared by the metadata and the page; the 404 page when there is no such shipment. */
async function getShipmentOrNotFound(id: string) {
  // The layout checks too, but layout and page render concurrently: nothing is queried before the check.
  await requirePageSession(["ADMIN"], `/admin/shipments/${encodeURIComponent(id)}`);
  return loadOrNotFound("shipment.get", { id }, api.shipment.get);
}

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const shipment = await getShipmentOrNotFound((await params).id);
  return { title: `Shipment ${shipment.reference}` };
}

export default async function AdminShipmentPage({ params }: TParams) {
  const { id } = await params;
  const shipment = await getShipmentOrNotFound(id);
  return (
    <HydrateClient>
      <AdminShipmentView id={id} />
      <div className="mt-5 empty:hidden">
        <ProofOfDelivery shipmentId={id} />
      </div>
      <div className="mt-5">
        <ShipmentFiles shipmentId={id} viewer="admin" canUpload={shipment.status !== "CANCELLED"} />
      </div>
      <div className="mt-5">
        <ShipmentChat shipmentId={id} />
      </div>
    </HydrateClient>
  );
}
