"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cx } from "~/components/ui/cx";

export type TNavLink = { href: string; label: string };

/** The longest link that is the current path or a parent of it, so /shipper/new marks "New shipment", not "Shipments". */
function activeHref(links: readonly TNavLink[], pathname: string): string | null {
  let best: string | null = null;
  for (const { href } of links) {
    if ((pathname === href || pathname.startsWith(`${href}/`)) && href.length > (best?.length ?? 0)) best = href;
  }
  return best;
}

export function NavLinks({ links }: { links: readonly TNavLink[] }) {
  const pathname = usePathname();
  const active = activeHref(links, pathname);
  return (
    <ul className="flex min-w-max items-center gap-1">
      {links.map((link) => {
        const current = link.href === active;
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              className={cx(
                "flex min-h-11 items-center rounded-lg px-3 text-sm font-medium whitespace-nowrap",
                current ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
              )}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
