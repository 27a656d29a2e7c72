// The units a server render uses for the viewer (src/lib/units.ts): the account's stored choice, else the
// browser's cookie (set from its locale), else the default. The same rule as the browser's context
// (src/components/units/units-context.tsx), so both print the same text.
import { cookies } from "next/headers";

import { DEFAULT_UNITS, type TUnitSystem, UNITS_COOKIE, validUnits } from "~/lib/units";

/** The browser's units from the tt_units cookie, or null when it has not said. */
export async function cookieUnits(): Promise<TUnitSystem | null> {
  return validUnits((await cookies()).get(UNITS_COOKIE)?.value);
}

/** `stored` (the account's choice) when set, else the cookie's, else "us". */
export async function viewerUnits(stored: TUnitSystem | null | undefined): Promise<TUnitSystem> {
  return stored ?? (await cookieUnits()) ?? DEFAULT_UNITS;
}
