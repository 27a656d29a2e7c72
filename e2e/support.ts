// Shared by the specs: the seeded accounts' password and signing in through the real form. New specs make their
// own users and sign in through the API with the fixtures of e2e/fixtures.ts; use the form only to test the form.
import type { Page } from "@playwright/test";

/** The password of every seeded demo account (prisma/seed.ts). */
export const DEMO_PASSWORD = "Freight-Demo-2026";

/** Signs in through /sign-in and waits until the account's landing page (not the sign-in hop) has loaded. */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in") && !url.pathname.startsWith("/after-sign-in"));
}

/** Local "YYYY-MM-DDTHH:mm" for a datetime-local input, `days` from today at `hour`:00. */
export function localDateTime(days: number, hour: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * In the shipment form: types `text` into the stop's address search and chooses the suggestion whose text matches
 * `option` with the keyboard (arrow keys and Enter), as a person would; waits until the stop's city is filled.
 */
export async function chooseAddress(
  page: Page,
  stop: "pick-up" | "drop-off",
  text: string,
  option: RegExp,
): Promise<void> {
  const search = page.getByRole("combobox", { name: `Search for the ${stop} address` });
  await search.fill(text);
  const list = page.getByRole("listbox", { name: `Search for the ${stop} address suggestions` });
  await list.getByRole("option", { name: option }).first().waitFor();
  // Arrow down until the wanted option is the active one, then Enter.
  for (let i = 0; i < 6; i++) {
    const active = list.getByRole("option", { selected: true });
    if (option.test((await active.textContent()) ?? "")) break;
    await search.press("ArrowDown");
  }
  await search.press("Enter");
  await list.waitFor({ state: "hidden" });
}

/** In the shipment form: opens the stop's "Coordinates (advanced)" section, where latitude and longitude are typed. */
export async function openCoordinates(page: Page, stop: "pick-up" | "drop-off"): Promise<void> {
  await page
    .locator("summary")
    .filter({ hasText: `of the ${stop}` })
    .click();
}

/**
 * Every console error the page's code logs, and every uncaught page error, from now on. Chromium's own network
 * log ("Failed to load resource: … 401", next-auth's answer to a wrong password) is left out: no script logged it,
 * and it never reaches the Next.js dev overlay.
 */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource:")) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}
