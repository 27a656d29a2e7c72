// Presentational blocks of a shipment page (usable from server and client components).
import type { ReactNode } from "react";

import { Card } from "~/components/ui/card";
import { cx } from "~/components/ui/cx";
import type { ShipmentStatus, VehicleType } from "~/generated/prisma/enums";
import { formatMoney } from "~/lib/money";
import { vehicleLabel } from "~/lib/vehicles";
import { Dimensions, Weight } from "~/components/units/quantities";

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, "")}`;

/** A definition list row. */
export function Detail({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 gap-y-0.5 border-t border-slate-100 py-2 first:border-t-0 first:pt-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="min-w-0 text-right font-medium wrap-anywhere">{children}</dd>
    </div>
  );
}

export type TDeliveryCodeCardProps = {
  code: string;
  locked?: boolean;
  /** Whether the shipment requires the code at delivery (its `podRequires`); default true. */
  required?: boolean;
  className?: string;
};

/** The 6-digit code the shipper hands to the recipient; the driver must enter it to complete delivery. */
export function DeliveryCodeCard({ code, locked = false, required = true, className }: TDeliveryCodeCardProps) {
  return (
    <Card title="Delivery code" className={className}>
      <p
        data-testid="delivery-code"
        className={cx(
          "font-mono text-3xl font-bold tracking-[0.25em] tabular-nums",
          locked && "text-slate-400 line-through",
        )}
      >
        {code}
      </p>
      <p className="mt-2 text-sm text-slate-700">
        {required
          ? "Give this code to the recipient; the driver needs it to complete delivery"
          : "Not required for this shipment: the driver delivers with the proof you chose"}
      </p>
    </Card>
  );
}

export type TDriverCardProps = {
  driver: {
    name: string;
    phone: string | null;
    vehicleType: VehicleType | null;
    plate: string | null;
    rating: number | null;
  } | null;
  status: ShipmentStatus;
  className?: string;
};

/** Who is carrying the load, once a driver has accepted it. */
export function DriverCard({ driver, status, className }: TDriverCardProps) {
  return (
    <Card title="Driver" className={className}>
      {driver ? (
        <dl>
          <Detail label="Name">{driver.name}</Detail>
          <Detail label="Vehicle">{driver.vehicleType ? vehicleLabel[driver.vehicleType] : "Not given"}</Detail>
          <Detail label="Plate">
            <span className="font-mono">{driver.plate ?? "Not given"}</span>
          </Detail>
          <Detail label="Rating">
            {driver.rating === null ? "No ratings yet" : `${driver.rating.toFixed(1)} out of 5`}
          </Detail>
          {driver.phone ? (
            <Detail label="Phone">
              <a href={telHref(driver.phone)} className="text-brand-700 underline">
                {driver.phone}
              </a>
            </Detail>
          ) : null}
        </dl>
      ) : (
        <p className="text-sm text-slate-700">
          {status === "DRAFT"
            ? "Post the shipment to the load board so drivers can accept it."
            : status === "POSTED"
              ? "Waiting for a driver to accept this load. You will see them here."
              : "No driver is assigned."}
        </p>
      )}
    </Card>
  );
}

export type TPriceBreakdownProps = {
  priceCents: number | null;
  platformFeeCents: number | null;
  driverPayoutCents: number;
  currency: string;
  className?: string;
};

export function PriceBreakdown({
  priceCents,
  platformFeeCents,
  driverPayoutCents,
  currency,
  className,
}: TPriceBreakdownProps) {
  return (
    <Card title="Price" className={className}>
      <dl>
        {priceCents !== null ? (
          <Detail label="You pay">
            <span className="text-lg font-bold tabular-nums">{formatMoney(priceCents, currency)}</span>
          </Detail>
        ) : null}
        {platformFeeCents !== null ? (
          <Detail label="Platform fee">
            <span className="tabular-nums">{formatMoney(platformFeeCents, currency)}</span>
          </Detail>
        ) : null}
        <Detail label="Driver payout">
          <span className="tabular-nums">{formatMoney(driverPayoutCents, currency)}</span>
        </Detail>
      </dl>
    </Card>
  );
}

export type TCargoDetailsProps = {
  cargo: {
    description: string;
    weightKg: number;
    lengthCm: number | null;
    widthCm: number | null;
    heightCm: number | null;
    vehicleType: VehicleType;
  };
  className?: string;
};

export function CargoDetails({ cargo, className }: TCargoDetailsProps) {
  return (
    <Card title="Cargo" className={className}>
      <p className="mb-3 wrap-anywhere whitespace-pre-line">{cargo.description}</p>
      <dl>
        <Detail label="Weight">
          <Weight kg={cargo.weightKg} />
        </Detail>
        <Detail label="Dimensions (L × W × H)">
          <Dimensions cargo={cargo} fallback="Not given" />
        </Detail>
        <Detail label="Vehicle">{vehicleLabel[cargo.vehicleType]}</Detail>
      </dl>
    </Card>
  );
}

export type TRecipientDetailsProps = {
  recipient: { name: string; phone: string | null; email: string | null };
  className?: string;
};

export function RecipientDetails({ recipient, className }: TRecipientDetailsProps) {
  return (
    <Card title="Recipient" className={className}>
      <dl>
        <Detail label="Name">{recipient.name}</Detail>
        <Detail label="Phone">
          {recipient.phone ? (
            <a href={telHref(recipient.phone)} className="text-brand-700 underline">
              {recipient.phone}
            </a>
          ) : (
            "Not given"
          )}
        </Detail>
        <Detail label="Email">
          {recipient.email ? (
            <a href={`mailto:${recipient.email}`} className="break-all text-brand-700 underline">
              {recipient.email}
            </a>
          ) : (
            "Not given"
          )}
        </Detail>
      </dl>
    </Card>
  );
}
