import type { Metadata } from "next";

import { ShipmentForm } from "~/components/shipments/shipment-form";
import { PageHeader } from "~/components/ui/page-header";

export const metadata: Metadata = { title: "New shipment" };

export default function NewShipmentPage() {
  return (
    <>
      <PageHeader
        title="New shipment"
        description="Where it goes, what it is and who receives it. The price updates as you type."
        back={{ href: "/shipper", label: "Your shipments" }}
      />
      <ShipmentForm mode="create" />
    </>
  );
}
