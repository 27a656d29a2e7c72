// Demo data: `npm run db:seed`. Idempotent: accounts are upserted by email; the history is created only into a
// database without it; the exceptions queue's rows (seed-exceptions.ts) are each created once, by a fixed id.
import "../scripts/local-env";

import { addMonths } from "date-fns";

import type { PrismaClient } from "~/generated/prisma/client";
import type { ProofMethod, ShipmentStatus } from "~/generated/prisma/enums";
import { closeDb, db } from "~/server/db";
import { stripeConfigFromEnv } from "~/server/integrations/stripe/client";
import { uploadThingConfigFromEnv, utapiFor, type TUploadThingConfig } from "~/server/integrations/uploadthing/config";
import { addDays, rollUpDays, utcDay } from "~/server/services/analytics/roll-up";
import type { TCityKey } from "./cities";
import { createPingTrail, createShipment, createUser, DEMO_PASSWORD, type TUserOptions } from "./factories";
import { seedExceptions } from "./seed-exceptions";
import { DEMO_DELIVERED_ID, DEMO_IN_TRANSIT_ID, seedProofFiles } from "./seed-proof-files";
import { seedDemoSubscriptionsWith } from "./seed-subscriptions";

const accounts: (TUserOptions & { email: string; name: string })[] = [
  { role: "ADMIN", email: "admin@demo.test", name: "Avery Admin" },
  { role: "SHIPPER", email: "shipper@demo.test", name: "Sam Shipper", phone: "+13125550111" },
  { role: "SHIPPER", email: "shipper2@demo.test", name: "Riley Logistics", phone: "+13125550112" },
  {
    role: "DRIVER",
    email: "driver@demo.test",
    name: "Dana Driver",
    phone: "+13125550121",
    driver: { vehicleType: "BOX_TRUCK", capacityKg: 6_000, plate: "IL-4821", baseCity: "chicago" },
  },
  {
    role: "DRIVER",
    email: "driver2@demo.test",
    name: "Morgan Vance",
    driver: { vehicleType: "VAN", capacityKg: 1_500, plate: "WI-1177", baseCity: "milwaukee" },
  },
  {
    role: "DRIVER",
    email: "driver3@demo.test",
    name: "Casey Semi",
    driver: { vehicleType: "SEMI", capacityKg: 20_000, plate: "IN-9034", baseCity: "indianapolis" },
  },
  {
    role: "DRIVER",
    email: "driver4@demo.test",
    name: "Jamie Frost",
    driver: { vehicleType: "REEFER", capacityKg: 9_000, plate: "MI-2290", baseCity: "detroit" },
  },
  {
    role: "DRIVER",
    email: "driver5@demo.test",
    name: "Taylor Flatbed",
    driver: { vehicleType: "FLATBED", capacityKg: 15_000, plate: "OH-5518", baseCity: "columbus" },
  },
  {
    role: "DRIVER",
    email: "driver6@demo.test",
    name: "Robin Okafor",
    driver: { vehicleType: "VAN", capacityKg: 1_800, plate: "MO-3362", baseCity: "stLouis" },
  },
];

type TPlan = {
  status: ShipmentStatus;
  from: TCityKey;
  to: TCityKey;
  daysAgo: number;
  driver?: string;
  /** A fixed id (seed-proof-files.ts finds the delivered load by it; tests and the README's walk-through too). */
  id?: string;
  /** The proof the shipper requires at delivery (factories' default: the code alone). */
  podRequires?: ProofMethod[];
};

const plans: TPlan[] = [
  { status: "DRAFT", from: "chicago", to: "detroit", daysAgo: 0 },
  { status: "POSTED", from: "chicago", to: "milwaukee", daysAgo: 0 },
  { status: "POSTED", from: "chicago", to: "indianapolis", daysAgo: 1 },
  { status: "POSTED", from: "milwaukee", to: "minneapolis", daysAgo: 1 },
  { status: "POSTED", from: "indianapolis", to: "columbus", daysAgo: 2 },
  { status: "ASSIGNED", from: "chicago", to: "stLouis", daysAgo: 1, driver: "driver@demo.test" },
  { status: "PICKED_UP", from: "chicago", to: "nashville", daysAgo: 1, driver: "driver3@demo.test" },
  // Dana delivers this one in the demo with all three proofs: a photo, the recipient's signature and the code that
  // Sam Shipper's page for it shows.
  {
    status: "IN_TRANSIT",
    from: "chicago",
    to: "detroit",
    daysAgo: 0,
    driver: "driver@demo.test",
    id: DEMO_IN_TRANSIT_ID,
    podRequires: ["PHOTO", "SIGNATURE", "CODE"],
  },
  // Delivered with a full proof (recipient's name, photo and signature: seed-proof-files.ts stores the images), the
  // photo shown on the public tracking page.
  {
    status: "DELIVERED",
    from: "milwaukee",
    to: "chicago",
    daysAgo: 2,
    driver: "driver@demo.test",
    id: DEMO_DELIVERED_ID,
    podRequires: ["PHOTO", "SIGNATURE"],
  },
  { status: "COMPLETED", from: "detroit", to: "columbus", daysAgo: 6, driver: "driver@demo.test" },
  { status: "COMPLETED", from: "indianapolis", to: "louisville", daysAgo: 9, driver: "driver3@demo.test" },
  { status: "CANCELLED", from: "chicago", to: "desMoines", daysAgo: 4 },
];

export async function seed(client: PrismaClient): Promise<{ created: boolean }> {
  const users = new Map<string, string>();
  for (const a of accounts) {
    const existing = await client.user.findUnique({ where: { email: a.email }, select: { id: true } });
    users.set(a.email, existing?.id ?? (await createUser(client, a)).id);
  }
  // The demo shippers have a season of loads behind them, more than Free's five posts a month (src/lib/plans.ts), so
  // they are Business customers: seeded subscription rows, monthly, which seed-subscriptions.ts then points at a real
  // subscription in Stripe once it runs (`npm run dev`: its stand-in); a new shipper account shows the upgrade
  // through Checkout.
  for (const email of ["shipper@demo.test", "shipper2@demo.test"]) {
    const userId = users.get(email)!;
    // Once: seed-subscriptions.ts re-points the row at Stripe's subscription, and a re-seed must not add another.
    if ((await client.subscription.count({ where: { userId } })) > 0) continue;
    await client.subscription.create({
      data: {
        userId,
        stripeSubscriptionId: `sub_demo_${userId}`,
        stripePriceId: "price_demo_business",
        plan: "BUSINESS",
        status: "ACTIVE",
        stripeStatus: "active",
        currentPeriodEnd: addMonths(new Date(), 1),
      },
    });
  }
  const shipperId = users.get("shipper@demo.test")!;
  const created = (await client.shipment.count({ where: { shipperId } })) === 0;
  if (created) await seedHistory(client, users);
  // After the history (which runs only into an empty database): each exceptional row is created once, by its id.
  await seedExceptions(client, users);
  return { created };
}

/** The demo shipments in every status, a season of completed loads, and the analytics roll-up over them. */
async function seedHistory(client: PrismaClient, users: Map<string, string>): Promise<void> {
  const shipperId = users.get("shipper@demo.test")!;
  for (const p of plans) {
    const driverId = p.driver ? users.get(p.driver)! : null;
    const { shipment } = await createShipment(client, {
      roadEstimate: true,
      shipperId,
      driverId,
      status: p.status,
      from: p.from,
      to: p.to,
      createdAt: new Date(Date.now() - p.daysAgo * 24 * 3600_000 - 6 * 3600_000),
      stepMinutes: 50,
      ...(p.id ? { id: p.id } : {}),
      ...(p.podRequires ? { podRequires: p.podRequires } : {}),
    });
    if (p.status === "DELIVERED") await fullProof(client, shipment);
    if (p.status === "COMPLETED") await codeProof(client, shipment);
    if (driverId && p.status === "IN_TRANSIT") {
      await createPingTrail(client, {
        shipmentId: shipment.id,
        driverId,
        from: p.from,
        to: p.to,
        fraction: 0.45,
        count: 30,
      });
    }
  }
  // Dana has a season behind them (for Riley Logistics): more deliveries than one page of their history.
  const riley = users.get("shipper2@demo.test")!;
  const dana = users.get("driver@demo.test")!;
  const past: [TCityKey, TCityKey][] = [
    ["chicago", "milwaukee"],
    ["milwaukee", "minneapolis"],
    ["detroit", "chicago"],
    ["indianapolis", "cincinnati"],
    ["stLouis", "kansasCity"],
    ["louisville", "nashville"],
  ];
  for (let i = 0; i < 24; i++) {
    const [from, to] = past[i % past.length]!;
    const { shipment } = await createShipment(client, {
      roadEstimate: true,
      shipperId: riley,
      driverId: dana,
      status: "COMPLETED",
      from,
      to,
      createdAt: new Date(Date.now() - (12 + 2 * i) * 24 * 3600_000),
      stepMinutes: 50,
    });
    await codeProof(client, shipment);
  }
  // The analytics pages read past days from the roll-up (the hourly cron keeps it); fill it for the seeded history.
  const today = utcDay(new Date());
  await rollUpDays({ from: addDays(today, -90), to: today }, client);
}

type TDelivered = {
  id: string;
  deliveredAt: Date | null;
  dropoffLat: number;
  dropoffLng: number;
  recipientName: string;
};

/** Where the driver's phone stood at the door: about 20 m north-east of the drop-off pin (degrees). */
const atTheDoor = (s: TDelivered) => ({ lat: s.dropoffLat + 0.00015, lng: s.dropoffLng + 0.00015 });

/**
 * The proof a completed demo load was delivered with: the recipient's code (the weekly payout, src/server/services/
 * payouts/weekly.ts, pays only COMPLETED loads with a proof), at its delivery time.
 */
async function codeProof(client: PrismaClient, s: TDelivered): Promise<void> {
  await client.proofOfDelivery.create({
    data: { shipmentId: s.id, method: "CODE", deliveredAt: s.deliveredAt!, capturedAt: s.deliveredAt, ...atTheDoor(s) },
  });
}

/**
 * The delivered demo load's proof as the driver's phone gives it: the recipient's name and signature, a photo taken
 * just before submitting (the images are stored by seedProofFiles), the position; the shipper lets the photo
 * show on the public tracking page.
 */
async function fullProof(client: PrismaClient, s: TDelivered): Promise<void> {
  const deliveredAt = s.deliveredAt!;
  await client.proofOfDelivery.create({
    data: {
      shipmentId: s.id,
      method: "SIGNATURE",
      recipientName: s.recipientName,
      deliveredAt,
      // Given on the phone 20 s before the server had it: online, so the proof card says nothing of a delay.
      capturedAt: new Date(deliveredAt.getTime() - 20_000),
      ...atTheDoor(s),
    },
  });
  await client.shipment.update({ where: { id: s.id }, data: { podPhotoPublic: true } });
}

/**
 * The seed's step that needs UploadThing (seed-proof-files.ts), with `config` (null: not configured): stores the
 * delivered demo load's photo and signature, or says in one line why not. Never throws: the rest of the demo works
 * without the images.
 */
export async function seedProofFilesWith(client: PrismaClient, config: TUploadThingConfig | null): Promise<void> {
  const proof = await client.proofOfDelivery.findUnique({
    where: { shipmentId: DEMO_DELIVERED_ID },
    select: { photoFileId: true, signatureFileId: true },
  });
  if (!proof || (proof.photoFileId && proof.signatureFileId)) return; // nothing to store
  if (!config) {
    console.log(
      "Demo proof-of-delivery photo and signature not stored: UPLOADTHING_TOKEN is not set (`npm run dev` stores them in its UploadThing stand-in).",
    );
    return;
  }
  try {
    const done = await seedProofFiles(client, utapiFor(config));
    if (done === "stored") console.log("Stored the demo proof-of-delivery photo and signature in UploadThing.");
  } catch (error) {
    console.log(
      `Demo proof-of-delivery photo and signature not stored: UploadThing did not answer (${error instanceof Error ? error.message : String(error)}). They are added on the next run.`,
    );
  }
}

const isMain = import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  seed(db)
    .then(async ({ created }) => {
      await seedProofFilesWith(db, uploadThingConfigFromEnv());
      await seedDemoSubscriptionsWith(db, stripeConfigFromEnv());
      console.log(created ? "Seeded demo data." : "Demo data already present: nothing to do.");
      console.log(`Demo accounts: shipper@demo.test, driver@demo.test, admin@demo.test (password ${DEMO_PASSWORD})`);
    })
    .catch((error: unknown) => {
      console.error("Seed failed:", error instanceof Error ? error.message : error);
      process.exitCode = 1;
    })
    .finally(() => void closeDb());
}
