import { cx } from "~/components/ui/cx";
import { formatMoney } from "~/lib/money";
import { PLATFORM_FEE_BPS, type TQuote } from "~/lib/pricing";
import { formatDistance, formatDuration } from "./format";

export type TQuotePanelProps = {
  /** Null until the stops' coordinates, the weight and the vehicle type are valid. */
  quote: TQuote | null;
  className?: string;
};

/** The live price preview beside the shipment form: same pricing function as the server, no request per keystroke. */
export function QuotePanel({ quote, className }: TQuotePanelProps) {
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
            <Row label="Distance" value={formatDistance(quote.distanceKm)} />
            <Row label="Driving time" value={`about ${formatDuration(quote.durationMin)}`} />
            <Row
              label={`Platform fee (${PLATFORM_FEE_BPS / 100} %)`}
              value={formatMoney(quote.platformFeeCents, quote.currency)}
            />
            <Row label="Driver payout" value={formatMoney(quote.driverPayoutCents, quote.currency)} />
          </dl>
          <p className="mt-3 text-xs text-slate-600">Straight-line distance. The price is fixed when you save.</p>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          Enter both stops’ coordinates (or pick known cities), the weight and the vehicle type to see the price.
        </p>
      )}
    </section>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 border-t border-brand-100 pt-2">
      <dt className="text-slate-700">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}
