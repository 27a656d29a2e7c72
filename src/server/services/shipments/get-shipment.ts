// One shipment as each kind of viewer may see it: in full for its shipper and admins, in full less the price for
// its assigned driver, and as an open load (no people, no addresses, stops only roughly placed) for other drivers.
import { withoutPriceAmounts } from "~/lib/shipment-changes";
import { activeStatuses, showsTrackingLink } from "~/lib/shipment-state";
import { shipmentChannel } from "~/lib/realtime";
import { zoneAt } from "~/lib/stop-zone";
import { coarse } from "./coarse-location";
import { deliveryCodeFor } from "./secrets";
import { getShipmentOrThrow } from "./get-shipment-or-throw";
import type { TViewer } from "./access";

/**
 * The shipment `id` as `viewer` may see it. `access` says which view:
 * - "owner" / "admin": everything, with `secrets` (the 6-digit delivery code and the public tracking token);
 * - "assigned-driver": everything but the price and platform fee (`details.priceCents` etc. are null), no secrets;
 * - every view but the open load carries `channel`, the parties' Pusher channel for the current assignment;
 * - "open-load" (a POSTED load seen by any driver): no `details`, `driver`, `events` or `secrets`, and the stops'
 *   `lat`/`lng` snapped to a 0.01° grid (about 1 km, see COARSE_DECIMALS) with `distanceKm` in whole km, so the
 *   exact door is learnt only by the driver who accepts.
 * Money is integer cents in `currency`; distances km; durations minutes; instants are UTC `Date`s; each stop's
 * `timeZone` is its IANA zone (stored, or derived from its coordinates for rows from before it was), in which its
 * window is shown.
 *
 * @throws AppError NOT_FOUND when it does not exist or the viewer may not see it (the same answer for both).
 */
export async function getShipment(viewer: TViewer, id: string) {
  const { shipment: s, access } = await getShipmentOrThrow(viewer, id);
  const open = access === "open-load";
  // Unassigned drivers get the 0.01° cell of each stop, never the point: the exact point plus the city is the door.
  const place = open ? coarse : (v: number) => v;

  const common = {
    id: s.id,
    reference: s.reference,
    status: s.status,
    version: s.version,
    pickup: {
      city: s.pickupCity,
      lat: place(s.pickupLat),
      lng: place(s.pickupLng),
      windowStart: s.pickupWindowStart,
      windowEnd: s.pickupWindowEnd,
      timeZone: s.pickupTimeZone ?? zoneAt(s.pickupLat, s.pickupLng),
    },
    dropoff: {
      city: s.dropoffCity,
      lat: place(s.dropoffLat),
      lng: place(s.dropoffLng),
      windowStart: s.dropoffWindowStart,
      windowEnd: s.dropoffWindowEnd,
      timeZone: s.dropoffTimeZone ?? zoneAt(s.dropoffLat, s.dropoffLng),
    },
    cargo: {
      description: s.cargoDescription,
      weightKg: s.weightKg,
      lengthCm: s.lengthCm,
      widthCm: s.widthCm,
      heightCm: s.heightCm,
      vehicleType: s.requiredVehicleType,
    },
    // The exact route length would pin one stop to a circle around the other: whole km until accepted.
    distanceKm: open ? Math.round(s.distanceKm) : s.distanceKm,
    durationMin: s.durationMin,
    driverPayoutCents: s.driverPayoutCents,
    currency: s.currency,
    createdAt: s.createdAt,
    postedAt: s.postedAt,
    // The proof of delivery the shipper requires (shown to drivers before they accept and deliver), and whether the
    // public tracking page may show the delivery photo.
    podRequires: s.podRequires,
    podPhotoPublic: s.podPhotoPublic,
  };
  if (open) return { access, ...common, channel: null, details: null, driver: null, events: [], secrets: null };

  const full = {
    ...common,
    // The Pusher channel of the parties for the current assignment (see shipmentChannel); null for an open load.
    channel: shipmentChannel(s.id, s.driverId),
    details: {
      pickupAddress: s.pickupAddress,
      // The geocoder's address and parts, and where the point came from (issue 10 §1); null on older rows.
      pickupFormattedAddress: s.pickupFormattedAddress,
      pickupRegion: s.pickupRegion,
      pickupPostalCode: s.pickupPostalCode,
      pickupCountry: s.pickupCountry,
      pickupGeocodeSource: s.pickupGeocodeSource,
      pickupContactName: s.pickupContactName,
      pickupContactPhone: s.pickupContactPhone,
      dropoffAddress: s.dropoffAddress,
      dropoffFormattedAddress: s.dropoffFormattedAddress,
      dropoffRegion: s.dropoffRegion,
      dropoffPostalCode: s.dropoffPostalCode,
      dropoffCountry: s.dropoffCountry,
      dropoffGeocodeSource: s.dropoffGeocodeSource,
      dropoffContactName: s.dropoffContactName,
      dropoffContactPhone: s.dropoffContactPhone,
      recipientName: s.recipientName,
      recipientPhone: s.recipientPhone,
      recipientEmail: s.recipientEmail,
      priceCents: access === "assigned-driver" ? null : s.priceCents,
      platformFeeCents: access === "assigned-driver" ? null : s.platformFeeCents,
      cancelReason: s.cancelReason,
      lastPosition:
        s.lastLat !== null && s.lastLng !== null ? { lat: s.lastLat, lng: s.lastLng, at: s.lastPositionAt } : null,
      etaAt: s.etaAt,
      deliveredAt: s.deliveredAt,
      deliveryCodeLocked: !!s.deliveryCodeLockedAt,
      deliveryCodeAttempts: s.deliveryCodeAttempts,
      /** Put on hold by operations: when and why (null when not held); driver steps are refused meanwhile. */
      hold: s.heldAt && activeStatuses.includes(s.status) ? { at: s.heldAt, reason: s.heldReason ?? "" } : null,
      shipper: s.shipper,
    },
    driver: s.driver
      ? {
          id: s.driver.id,
          name: s.driver.name,
          phone: s.driver.phone,
          vehicleType: s.driver.driverProfile?.vehicleType ?? null,
          plate: s.driver.driverProfile?.plate ?? null,
          rating: s.driver.driverProfile?.ratingCount ? s.driver.driverProfile.ratingAvg : null,
        }
      : null,
    // The assigned driver is not shown the shipper's price, nor its amounts in edit events.
    events: s.events.map((e) =>
      access === "assigned-driver" && e.type === "UPDATED" ? { ...e, data: withoutPriceAmounts(e.data) } : e,
    ),
  };
  // Only the shipper (and admins) get the code to hand to the recipient and the public tracking link, and only
  // while they serve: a cancelled load has neither.
  const secrets =
    (access === "owner" || access === "admin") && showsTrackingLink(s.status)
      ? { deliveryCode: deliveryCodeFor(s.id, s.deliveryCodeVersion), trackingToken: s.trackingToken }
      : null;
  return { access, ...full, secrets };
}
