// The shipment a shipper page is about: one `shipment.get` per request for the page and its metadata, hydrated to
// the client; a shipment that is not the viewer's (or does not exist) is a 404, never a hint that it exists.
import "server-only";

import { api, loadOrNotFound } from "~/trpc/server";

export function getShipmentOrNotFound(id: string) {
  return loadOrNotFound("shipment.get", { id }, api.shipment.get);
}
