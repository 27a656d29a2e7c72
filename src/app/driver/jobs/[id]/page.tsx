import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { JobView } from "~/components/driver/job-view";
import { ShipmentFiles } from "~/components/files/shipment-files";
import { requirePageSession } from "~/server/auth/page-session";
import { api, HydrateClient, loadOrNotFound } from "~/trpc/server";

type TParams = { params: Promise<{ id: string }> };

/** The job as this driver may see it, or the 404 page. One query per request, shared by the metadata and the page. */
async function getJobOrNotFound(id: string) {
  // The layout checks too, but layout and page render concurrently: nothing is queried before the check.
  const session = await requirePageSession(["DRIVER"], `/driver/jobs/${encodeURIComponent(id)}`);
  // Unknown ids, other drivers' jobs and malformed ids all read as "not found".
  const job = await loadOrNotFound("shipment.get", { id }, api.shipment.get);
  // An open load is visible to every driver, but it is only a job once this driver has accepted it.
  return job.access === "assigned-driver" ? { job, driverId: session.user.id } : notFound();
}

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const { job } = await getJobOrNotFound((await params).id);
  return { title: `Job ${job.reference}` };
}

export default async function DriverJobPage({ params }: TParams) {
  const { id } = await params;
  const { job, driverId } = await getJobOrNotFound(id);
  return (
    <HydrateClient>
      <JobView id={id} driverId={driverId} />
      <div className="mt-5">
        <ShipmentFiles shipmentId={id} viewer="driver" canUpload={job.status !== "CANCELLED"} />
      </div>
    </HydrateClient>
  );
}
