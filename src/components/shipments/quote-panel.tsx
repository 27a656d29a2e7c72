import { cx } from "~/components/ui/cx";
import { formatMoney } from "~/lib/money";
import { PLATFORM_FEE_BPS, type TQuote } from "~/lib/pricing";
import { Distance, Rate } from "~/components/units/quantities";
import { useUnits } from "~/components/units/units-context";
import { distanceUnit } from "~/lib/units";
import { centsPerMile, formatDuration } from "./format";

/** A quote and how its road distance was found. */
export type TShownQuote = TQuote & {
  /** True unless Google's road network gave the distance and time. */
  estimate: boolean;
  /** How an estimate was made, null for a Google route. */
  routeNote: string | null;
};

export type TQuotePanelProps = {
  /** Null until the stops are placed and the weight and the vehicle type are valid. */
  quote: TShownQuote | null;
  className?: string;
};

/** The live price preview beside the shipment form: the pricing the server stores, by road distance. */
export function QuotePanel({ quote, className }: TQuotePanelProps) {
  const units = useUnits();
  const perMile = quote ? centsPerMile(quote.priceCents, quote.distanceKm) : null;
  return (
    <section
      aria-labelledby="quote-heading"
      className={cx("rounded-xl border border-brand-100 bg-brand-50 p-4 sm:p-5", className)}
    >
      <h2 id="quote-heading" className="text-lg font-semibold">
        Live quote
      </h2>
      {quote ? (
        <>
          <dl className="mt-3 space-y-2 text-sm">
            <div className="flex items-baseline justify-between gap-3">
              <dt className="font-medium">Price</dt>
              <dd className="text-2xl font-bold tabular-nums" aria-live="polite" data-testid="quote-price">
                {formatMoney(quote.priceCents, quote.currency)}
              </dd>
            </div>
            <Row
              label={quote.estimate ? "Road distance (estimate)" : "Road distance"}
              value={<Distance metres={quote.distanceKm * 1000} />}
              testId="quote-distance"
            />
            {perMile !== null ? (
              <Row
                label={`Rate per ${units === "us" ? "mile" : distanceUnit(units)}`}
                value={<Rate centsPerMile={perMile} currency={quote.currency} />}
              />
            ) : null}
            <Row label="Driving time" value={`about ${formatDuration(quote.durationMin)}`} />
            <Row
              label={`Platform fee (${PLATFORM_FEE_BPS / 100} %)`}
              value={formatMoney(quote.platformFeeCents, quote.currency)}
            />
            <Row label="Driver payout" value={formatMoney(quote.driverPayoutCents, quote.currency)} />
          </dl>
          <p className="mt-3 text-xs text-slate-600" data-testid="quote-route-note">
            {quote.estimate
              ? `${quote.routeNote ?? "Estimated road distance."} No road route service is configured.`
              : "Road distance and driving time from Google Maps."}{" "}
            The price is fixed when you save.
          </p>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          Choose both stops’ addresses, the weight and the vehicle type to see the price.
        </p>
      )}
    </section>
  );
}

function Row({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 border-t border-brand-100 pt-2">
      <dt className="text-slate-700">{label}</dt>
      <dd className="font-medium tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
