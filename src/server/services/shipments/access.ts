// Object-level access to shipments: the shipper who owns it, the driver assigned to it and admins see it in full;
// a driver sees an open (POSTED) load without recipient or contact data; everybody else gets NOT_FOUND, so
// references cannot be probed.
import type { Role } from "~/generated/prisma/enums";
import { AppError } from "~/lib/app-error";

export type TViewer = { id: string; role: Role };

export type TAccess = "owner" | "assigned-driver" | "admin" | "open-load" | "none";

export function accessFor(viewer: TViewer, s: { shipperId: string; driverId: string | null; status: string }): TAccess {
  if (viewer.role === "ADMIN") return "admin";
  if (viewer.role === "SHIPPER" && s.shipperId === viewer.id) return "owner";
  if (viewer.role === "DRIVER" && s.driverId === viewer.id) return "assigned-driver";
  if (viewer.role === "DRIVER" && s.status === "POSTED") return "open-load";
  return "none";
}

export function notFound(): AppError {
  return new AppError("NOT_FOUND", "Shipment not found.");
}
