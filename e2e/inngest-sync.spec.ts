// Anyone may ask the app to sync its functions with Inngest (an unsigned PUT /api/inngest). In production the
// URL it registers is APP_URL's, so a forged Host header cannot re-point the background jobs at another host.
import { expect, test } from "./fixtures";

type TFunction = { id: string; steps: { step?: { runtime?: { url?: string } } } };

async function registeredStepUrls(): Promise<string[]> {
  const res = await fetch(`${process.env.INNGEST_BASE_URL}/__functions`);
  expect(res.status).toBe(200);
  const { functions } = (await res.json()) as { functions: TFunction[] };
  expect(functions.length).toBeGreaterThan(0);
  return functions.map((f) => f.steps.step?.runtime?.url ?? "");
}

test("a sync asked for with a forged Host header still registers the app's own address", async ({
  request,
  baseURL,
}) => {
  const sync = await request.put("/api/inngest", { headers: { Host: "attacker.example:4444" } });
  expect(sync.status()).toBe(200);
  const urls = await registeredStepUrls();
  for (const url of urls) {
    expect(new URL(url).origin).toBe(new URL(baseURL!).origin);
    expect(url).not.toContain("attacker.example");
  }
});
