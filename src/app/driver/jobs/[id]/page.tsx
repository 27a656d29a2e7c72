import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";

import { JobView } from "~/components/driver/job-view";
import { requirePageSession } from "~/server/auth/page-session";
import { api } from "~/trpc/server";

type TParams = { params: Promise<{ id: string }> };

/** The job as this driver may see it, or null. One query per request, shared by the metadata and the page. */
const getJob = cache(async (id: string) => {
  // The layout checks too, but layout and page render concurrently: nothing is queried before the check.
  await requirePageSession(["DRIVER"], `/driver/jobs/${encodeURIComponent(id)}`);
  const job = await api.shipment.get({ id }).catch((error: unknown) => {
    // Unknown ids, other drivers' jobs and malformed ids all read as "not found".
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  });
  // An open load is visible to every driver, but it is only a job once this driver has accepted it.
  return job && job.access === "assigned-driver" ? job : null;
});

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const job = await getJob((await params).id);
  return { title: job ? `Job ${job.reference}` : "Job not found" };
}

export default async function DriverJobPage({ params }: TParams) {
  const { id } = await params;
  const job = await getJob(id);
  if (!job) notFound();
  return <JobView id={id} initial={job} />;
}
