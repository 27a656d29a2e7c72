import type { Metadata } from "next";
import { headers } from "next/headers";

import { ShipmentChat } from "~/components/chat/shipment-chat";
import { ProofOfDelivery } from "~/components/files/proof-of-delivery";
import { ShipmentFiles } from "~/components/files/shipment-files";
import { requirePageSession } from "~/server/auth/page-session";
import { HydrateClient } from "~/trpc/server";
import { ShipmentDetail } from "./_components/shipment-detail";
import { getShipmentOrNotFound } from "./get-shipment";

type TProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { id } = await params;
  await requirePageSession(["SHIPPER"], `/shipper/${id}`);
  const shipment = await getShipmentOrNotFound(id);
  return { title: shipment.reference };
}

/** This request's origin, for the tracking link's first render (the browser then uses its own location). */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto =
    h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? (/^(localhost|127\.|\[::1\])/.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function ShipmentPage({ params }: TProps) {
  const { id } = await params;
  await requirePageSession(["SHIPPER"], `/shipper/${id}`);
  const [shipment, origin] = await Promise.all([getShipmentOrNotFound(id), requestOrigin()]);
  return (
    <HydrateClient>
      <ShipmentDetail id={shipment.id} serverOrigin={origin} />
      <div className="mt-5 empty:hidden">
        <ProofOfDelivery shipmentId={shipment.id} />
      </div>
      <div className="mt-5">
        <ShipmentFiles shipmentId={shipment.id} viewer="shipper" canUpload={shipment.status !== "CANCELLED"} />
      </div>
      <div className="mt-5">
        <ShipmentChat shipmentId={shipment.id} />
      </div>
    </HydrateClient>
  );
}
