"use client";

// The viewer's units for every distance, weight and rate on the page (src/lib/units.ts). The root layout provides
// the browser's choice from its cookie (the same value on the server render and in the browser); the signed-in frame
// overrides it with the account's stored choice. UnitsSync sets the cookie from the browser's locale the first time
// and refreshes the server components once, as the viewer's zone does.
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect } from "react";

import { DEFAULT_UNITS, type TUnitSystem, UNITS_COOKIE, unitsForLocale } from "~/lib/units";

const UnitsContext = createContext<TUnitSystem>(DEFAULT_UNITS);

/** "us" (mi, lb, $/mi) or "metric" (km, kg, $/km): how this viewer reads and types quantities. */
export function useUnits(): TUnitSystem {
  return useContext(UnitsContext);
}

/** Stores `units` in the browser's cookie (a year, SameSite=Lax); false when cookies are blocked. */
export function writeUnitsCookie(units: TUnitSystem): boolean {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${UNITS_COOKIE}=${units}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  return document.cookie.includes(`${UNITS_COOKIE}=${units}`);
}

/**
 * The root provider: `cookieUnits` is the tt_units cookie as the server read it (null when absent). Without one,
 * the browser's locale decides (en-US → US customary) and the page's server components are refreshed once.
 */
export function UnitsProvider({
  cookieUnits,
  children,
}: {
  cookieUnits: TUnitSystem | null;
  children: React.ReactNode;
}) {
  return (
    <UnitsContext value={cookieUnits ?? DEFAULT_UNITS}>
      <UnitsSync cookieUnits={cookieUnits} />
      {children}
    </UnitsContext>
  );
}

/** The signed-in frame: the account's stored units win over the browser's when the user has chosen. */
export function AccountUnits({ units, children }: { units: TUnitSystem | null; children: React.ReactNode }) {
  const browser = useContext(UnitsContext);
  return <UnitsContext value={units ?? browser}>{children}</UnitsContext>;
}

let refreshed = false;

function UnitsSync({ cookieUnits }: { cookieUnits: TUnitSystem | null }) {
  const router = useRouter();
  useEffect(() => {
    if (cookieUnits || refreshed) return;
    const fromLocale = unitsForLocale(navigator.language);
    if (!writeUnitsCookie(fromLocale)) return;
    refreshed = true;
    // Only a change of what is shown needs the server components again.
    if (fromLocale !== DEFAULT_UNITS) router.refresh();
  }, [cookieUnits, router]);
  return null;
}
