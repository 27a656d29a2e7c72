import type { Metadata } from "next";
import Link from "next/link";

import { DeliveredHistory } from "~/components/driver/delivered-history";
import { ActiveJobList } from "~/components/driver/job-lists";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "My jobs" };

export default async function DriverJobsPage() {
  // The layout checks too, but layout and page render concurrently: the page must not query before the check.
  await requirePageSession(["DRIVER"], "/driver/jobs");
  const { active, history } = await api.driver.jobs();

  return (
    <>
      <PageHeader title="My jobs" description="Loads you have accepted, and the ones you delivered." />
      <div className="space-y-8">
        <section aria-labelledby="active-heading" className="space-y-3">
          <h2 id="active-heading" className="text-xl font-semibold">
            Active <span className="font-normal text-slate-600">({active.length})</span>
          </h2>
          {active.length === 0 ? (
            <EmptyState
              title="No active jobs"
              description="Accept a load from the load board and it shows up here."
              action={
                <Link href="/driver" className={buttonClasses()}>
                  Find a load
                </Link>
              }
            />
          ) : (
            <ActiveJobList jobs={active} />
          )}
        </section>

        <section aria-labelledby="history-heading" className="space-y-3">
          <h2 id="history-heading" className="text-xl font-semibold">
            Delivered
          </h2>
          {history.items.length === 0 ? (
            <EmptyState title="No deliveries yet" description="Loads you deliver are listed here with your pay." />
          ) : (
            <>
              <DeliveredHistory initial={history} />
              <p className="text-sm text-slate-600">
                <Link href="/driver/earnings" className="font-semibold text-brand-700 underline">
                  See your earnings
                </Link>
              </p>
            </>
          )}
        </section>
      </div>
    </>
  );
}
