import type { ReactNode } from "react";

import { AppShell } from "~/components/app-shell";
import { PendingProofSync } from "~/components/driver/pending-proof";
import { requirePageSession } from "~/server/auth/page-session";

export default async function DriverLayout({ children }: { children: ReactNode }) {
  const session = await requirePageSession(["DRIVER"]);
  return (
    <AppShell session={session}>
      {/* Proofs of delivery saved on this phone while offline are sent from any driver page. */}
      <PendingProofSync />
      {children}
    </AppShell>
  );
}
