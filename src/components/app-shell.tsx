import Link from "next/link";
import type { ReactNode } from "react";

import { UnreadMessages } from "~/components/chat/unread-messages";
import { Avatar } from "~/components/files/avatar";
import { NotificationBell } from "~/components/notifications/notification-bell";
import { RealtimeSignin } from "~/components/realtime/realtime-provider";
import { NavLinks, type TNavLink } from "~/components/shell/nav-links";
import { SignOutButton } from "~/components/shell/sign-out-button";
import { VerifyEmailBanner } from "~/components/shell/verify-email-banner";
import { AccountUnits } from "~/components/units/units-context";
import type { Role } from "~/generated/prisma/enums";
import type { TActiveSession } from "~/server/auth/session";
import { TRPCReactProvider } from "~/trpc/react";

const linksFor: Record<Role, TNavLink[]> = {
  SHIPPER: [
    { href: "/shipper", label: "Shipments" },
    { href: "/shipper/new", label: "New shipment" },
    { href: "/shipper/billing", label: "Billing" },
    { href: "/shipper/analytics", label: "Analytics" },
  ],
  DRIVER: [
    { href: "/driver", label: "Load board" },
    { href: "/driver/jobs", label: "My jobs" },
    { href: "/driver/earnings", label: "Earnings" },
    { href: "/driver/analytics", label: "Analytics" },
  ],
  ADMIN: [
    { href: "/admin", label: "Overview" },
    { href: "/admin/shipments", label: "Shipments" },
    { href: "/admin/users", label: "Users" },
    { href: "/admin/exceptions", label: "Exceptions" },
    { href: "/admin/live", label: "Live map" },
    { href: "/admin/analytics", label: "Analytics" },
    { href: "/admin/payouts", label: "Payouts" },
  ],
};

const roleLabel: Record<Role, string> = { SHIPPER: "Shipper", DRIVER: "Driver", ADMIN: "Admin" };

/** The frame of every signed-in page: top bar, role navigation, the email banner, and <main id="main">. */
export function AppShell({ session, children }: { session: TActiveSession; children: ReactNode }) {
  const { user } = session;
  const links = [...linksFor[user.role], { href: "/account", label: "Account" }];
  const home = links[0]?.href ?? "/account";
  // The tRPC client lives here and in the auth layout, not in the root layout: public pages do without it.
  return (
    <TRPCReactProvider>
      <div className="flex min-h-dvh flex-col">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 px-4 sm:px-6">
            <Link href={home} className="flex min-h-14 items-center font-bold text-brand-700">
              Trial Transport
            </Link>
            {/* On a phone the nav drops to its own scrollable row under the product name. */}
            <nav
              aria-label="Main"
              className="order-last w-full overflow-x-auto border-t border-slate-100 py-1 md:order-none md:w-auto md:flex-1 md:border-0"
            >
              <NavLinks links={links} />
            </nav>
            <div className="ml-auto flex items-center gap-2 md:ml-0">
              <RealtimeSignin />
              <UnreadMessages userId={user.id} role={user.role} />
              <NotificationBell userId={user.id} />
              <Avatar fileId={user.avatarFileId} name={user.name} size={32} />
              <p className="hidden text-right text-sm leading-tight lg:block">
                <span className="block max-w-48 truncate font-medium" title={user.name}>
                  {user.name}
                </span>
                <span className="block text-slate-500">{roleLabel[user.role]}</span>
              </p>
              <SignOutButton />
            </div>
          </div>
        </header>
        {user.emailVerified ? null : <VerifyEmailBanner />}
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6 sm:py-8">
          <AccountUnits units={user.units}>{children}</AccountUnits>
        </main>
      </div>
    </TRPCReactProvider>
  );
}
