"use client";

// The proof of delivery on the shipper's and the admin's shipment page: when, to whom (name and signature), a photo
// of the delivered cargo and where the driver stood. Images load through /api/files/<id>, which checks the viewer; the
// PDF receipt downloads from /api/shipments/<id>/delivery-receipt (shipper and admins only, as this card).
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { api } from "~/trpc/react";

/**
 * Every part of the proof given, in words: the photo, the signature with the recipient's name, the code (checked when
 * the shipment required it). E.g. "Photo of the cargo, signature of Ann Lee, recipient's code". The photo and
 * signature themselves show below when present.
 */
export function proofParts(p: {
  photoFileId: string | null;
  signatureFileId: string | null;
  recipientName: string | null;
  codeChecked: boolean;
}): string {
  const parts: string[] = [];
  if (p.photoFileId) parts.push("photo of the cargo");
  if (p.signatureFileId) parts.push(p.recipientName ? `signature of ${p.recipientName}` : "recipient's signature");
  if (p.codeChecked) parts.push("recipient's code");
  const text = parts.length > 0 ? parts.join(", ") : "not recorded";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The proof waited on the phone (offline at the dock) for more than a minute before reaching the server. */
function sentLater(p: { capturedAt: Date | null; deliveredAt: Date }): boolean {
  return !!p.capturedAt && p.deliveredAt.getTime() - p.capturedAt.getTime() > 60_000;
}

export function ProofOfDelivery({ shipmentId }: { shipmentId: string }) {
  const pod = api.files.proofOfDelivery.useQuery({ shipmentId });
  if (pod.isPending || pod.data === null) return null;
  if (pod.isError)
    return <Alert tone="error">Could not load the proof of delivery. Reload the page to try again.</Alert>;
  const p = pod.data;
  return (
    <Card title="Proof of delivery">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">Delivered</dt>
          <dd>
            <DateTime value={p.deliveredAt} />
            {sentLater(p) ? (
              <span className="block text-xs text-slate-600">
                Proof given <DateTime value={p.capturedAt!} /> on the driver&apos;s phone, sent when it was back online
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Proof</dt>
          <dd>{proofParts(p)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Received by</dt>
          <dd>{p.recipientName ?? "Not recorded"}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Driver&apos;s position</dt>
          <dd>{p.lat !== null && p.lng !== null ? `${p.lat.toFixed(5)}, ${p.lng.toFixed(5)}` : "Not shared"}</dd>
        </div>
      </dl>
      {p.photoFileId || p.signatureFileId ? (
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          {p.photoFileId ? (
            <figure>
              <a href={`/api/files/${p.photoFileId}`} target="_blank" rel="noreferrer" className="block">
                {/* eslint-disable-next-line @next/next/no-img-element -- a private, short-lived signed URL behind a redirect: next/image would cache it publicly. */}
                <img
                  src={`/api/files/${p.photoFileId}?size=thumbnail`}
                  alt="Photo of the delivered cargo"
                  className="max-h-72 w-full rounded-lg border border-slate-200 object-contain"
                />
              </a>
              <figcaption className="mt-1 text-xs text-slate-600">
                Cargo at delivery · tap to download the full photo
              </figcaption>
            </figure>
          ) : null}
          {p.signatureFileId ? (
            <figure>
              {/* eslint-disable-next-line @next/next/no-img-element -- as above. */}
              <img
                src={`/api/files/${p.signatureFileId}`}
                alt={`Signature of ${p.recipientName ?? "the recipient"}`}
                className="max-h-40 w-full rounded-lg border border-slate-200 bg-white object-contain"
              />
              <figcaption className="mt-1 text-xs text-slate-600">Recipient&apos;s signature</figcaption>
            </figure>
          ) : null}
        </div>
      ) : null}
      <p className="mt-4">
        <a
          href={`/api/shipments/${shipmentId}/delivery-receipt`}
          download
          className={buttonClasses({ variant: "secondary", size: "sm" })}
        >
          Download receipt (PDF)
        </a>
      </p>
    </Card>
  );
}
