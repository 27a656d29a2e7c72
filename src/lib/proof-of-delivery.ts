// The words for a shipment's required proof of delivery (`podRequires`), shared by the shipper's page, the driver's
// job and the delivery form.
import { proofMethods, type TProofMethod } from "~/lib/schemas/shipment";

export const proofLabel: Record<TProofMethod, string> = {
  PHOTO: "a photo of the delivered cargo",
  SIGNATURE: "the recipient's name and signature",
  CODE: "the recipient's 6-digit delivery code",
};

/** "a photo of the delivered cargo and the recipient's name and signature": the proofs in `requires`, as a phrase. */
export function describeProof(requires: readonly TProofMethod[]): string {
  const parts = proofMethods.filter((m) => requires.includes(m)).map((m) => proofLabel[m]);
  if (parts.length <= 1) return parts[0] ?? proofLabel.CODE;
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
