import type { Metadata } from "next";

import { OpsLiveMap } from "~/components/admin/ops/ops-live-map";
import { PageHeader } from "~/components/ui/page-header";
import { requirePageSession } from "~/server/auth/page-session";

export const metadata: Metadata = { title: "Live map" };

export default async function AdminLiveMapPage() {
  // The layout checks too, but layout and page render concurrently: the page must not render before the check.
  await requirePageSession(["ADMIN"], "/admin/live");
  return (
    <>
      <PageHeader
        title="Live map"
        description="Every active shipment where its driver last was, and every online driver, updating live."
        back={{ href: "/admin", label: "Overview" }}
      />
      <OpsLiveMap />
    </>
  );
}
