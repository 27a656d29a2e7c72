import type { Metadata } from "next";
import Link from "next/link";

import { formInitialFrom, isEditable } from "~/components/shipments/form-values";
import { ShipmentForm } from "~/components/shipments/shipment-form";
import { StatusBadge } from "~/components/shipments/status-badge";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { statusLabel } from "~/lib/shipment-state";
import { requirePageSession } from "~/server/auth/page-session";
import { getShipmentOrNotFound } from "../get-shipment";

type TProps = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const { id } = await params;
  await requirePageSession(["SHIPPER"], `/shipper/${id}/edit`);
  const shipment = await getShipmentOrNotFound(id);
  return { title: `Edit ${shipment.reference}` };
}

export default async function EditShipmentPage({ params }: TProps) {
  const { id } = await params;
  await requirePageSession(["SHIPPER"], `/shipper/${id}/edit`);
  const shipment = await getShipmentOrNotFound(id);
  const initial = formInitialFrom(shipment);
  const back = { href: `/shipper/${shipment.id}`, label: `Back to ${shipment.reference}` };

  if (!initial || !isEditable(shipment.status)) {
    return (
      <>
        <PageHeader title={`Edit ${shipment.reference}`} back={back} />
        <Alert tone="warning" title="This shipment can no longer be edited">
          <p>
            It is {statusLabel[shipment.status].toLowerCase()}. Shipments can be edited only as drafts or while posted,
            before a driver accepts them.
          </p>
          <p className="pt-2">
            <Link href={back.href} className={buttonClasses({ variant: "secondary", size: "sm" })}>
              View the shipment
            </Link>
          </p>
        </Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={`Edit ${shipment.reference}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={shipment.status} />
            {shipment.status === "POSTED" ? <span>Drivers see your changes on the load board right away.</span> : null}
          </span>
        }
        back={back}
      />
      <ShipmentForm mode="edit" id={shipment.id} version={shipment.version} initial={initial} />
    </>
  );
}
