"use client";

import { TextField } from "~/components/ui/field";
import { FormSection, useShipmentField } from "./shipment-fields";

/** Who receives the load; the shipper hands them the delivery code. */
export function RecipientSection() {
  const field = useShipmentField();
  return (
    <FormSection title="Recipient" description="Who receives the load. They get the delivery code from you.">
      <TextField {...field("recipient.name")} autoComplete="off" className="sm:col-span-2" />
      <TextField {...field("recipient.phone")} type="tel" autoComplete="off" hint="Optional" />
      <TextField {...field("recipient.email")} type="email" autoComplete="off" hint="Optional" />
    </FormSection>
  );
}
