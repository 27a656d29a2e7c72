// The planned route and the weather along it for one shipment, for the people who may see the shipment: its
// shipper, its assigned driver, admins, and drivers looking at it as an open load before accepting.
import type { TViewer } from "./access";
import { accessFor, notFound } from "./access";
import { zoneAt } from "~/lib/stop-zone";
import { db } from "~/server/db";
import type { TOutsideServices } from "~/server/places/outside-services";
import { planRoute, type TPlannedRoute } from "~/server/places/plan-route";
import { weatherAlongRoute, type TWeatherStop } from "~/server/places/weather-along-route";

async function loadLane(viewer: TViewer, shipmentId: string) {
  const s = await db.shipment.findUnique({
    where: { id: shipmentId },
    select: {
      shipperId: true,
      driverId: true,
      status: true,
      pickupLat: true,
      pickupLng: true,
      dropoffLat: true,
      dropoffLng: true,
      pickupWindowStart: true,
      dropoffWindowStart: true,
      requiredVehicleType: true,
      pickupTimeZone: true,
      dropoffTimeZone: true,
    },
  });
  if (!s || accessFor(viewer, s) === "none") throw notFound();
  return s;
}

export type TShipmentRoute = TPlannedRoute & {
  pickupTimeZone: string;
  dropoffTimeZone: string;
};

/**
 * The road route of the shipment's lane for its required vehicle, leaving at the start of the pick-up window
 * (see planRoute: Google when configured, else an estimate flagged as one), with each stop's IANA zone.
 *
 * @throws AppError NOT_FOUND when there is no such shipment or the viewer may not see it.
 */
export async function getShipmentRoute(
  viewer: TViewer,
  shipmentId: string,
  outside: TOutsideServices,
): Promise<TShipmentRoute> {
  const s = await loadLane(viewer, shipmentId);
  const pickup = { lat: s.pickupLat, lng: s.pickupLng };
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const route = await planRoute({
    pickup,
    dropoff,
    vehicleType: s.requiredVehicleType,
    departAt: s.pickupWindowStart,
    outside,
  });
  return {
    ...route,
    // The zone stored with the stop; shipments from before zones were stored derive it from the point.
    pickupTimeZone: s.pickupTimeZone ?? zoneAt(pickup.lat, pickup.lng),
    dropoffTimeZone: s.dropoffTimeZone ?? zoneAt(dropoff.lat, dropoff.lng),
  };
}

/**
 * The forecast at pick-up (start of its window), midway along the planned route and drop-off (start of its window);
 * a point Open-Meteo cannot answer for says "unavailable" and why.
 *
 * @throws AppError NOT_FOUND when there is no such shipment or the viewer may not see it.
 */
export async function getShipmentWeather(
  viewer: TViewer,
  shipmentId: string,
  outside: TOutsideServices,
): Promise<TWeatherStop[]> {
  const s = await loadLane(viewer, shipmentId);
  const pickup = { lat: s.pickupLat, lng: s.pickupLng };
  const dropoff = { lat: s.dropoffLat, lng: s.dropoffLng };
  const route = await planRoute({
    pickup,
    dropoff,
    vehicleType: s.requiredVehicleType,
    departAt: s.pickupWindowStart,
    outside,
  });
  return weatherAlongRoute({
    pickup,
    pickupAt: s.pickupWindowStart,
    dropoff,
    dropoffAt: s.dropoffWindowStart,
    path: route.path,
    outside,
  });
}
