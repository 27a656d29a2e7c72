// The permission table: every tRPC procedure and who may call it. The tRPC procedure builders read this
// table on each call; a procedure missing from it is refused (and fails the authorisation matrix test).
import type { Role } from "~/generated/prisma/enums";

/** "public": anyone, signed in or not. "user": any signed-in account. Otherwise the listed roles. */
export type TPermission = { access: "public" } | { access: "user" } | { access: "roles"; roles: readonly Role[] };

const PUBLIC: TPermission = { access: "public" };
const USER: TPermission = { access: "user" };
const roles = (...r: Role[]): TPermission => ({ access: "roles", roles: r });
const SHIPPER = roles("SHIPPER");
const DRIVER = roles("DRIVER");
const ADMIN = roles("ADMIN");

export const permissions: Record<string, TPermission> = {
  "health.status": PUBLIC,

  "auth.register": PUBLIC,
  "auth.verifyEmail": PUBLIC,
  "auth.requestPasswordReset": PUBLIC,
  "auth.resetPassword": PUBLIC,
  "auth.resendVerification": USER,

  "account.me": USER,
  "account.updateProfile": USER,
  "account.changePassword": USER,
  "account.sessions": USER,
  "account.revokeSession": USER,
  "account.revokeAllSessions": USER,

  "adminUsers.list": ADMIN,
  "adminUsers.get": ADMIN,
  "adminUsers.setDisabled": ADMIN,
  "adminUsers.setRole": ADMIN,

  "shipment.quote": USER,
  "shipment.create": SHIPPER,
  "shipment.update": SHIPPER,
  "shipment.post": SHIPPER,
  "shipment.cancel": SHIPPER,
  "shipment.confirm": SHIPPER,
  "shipment.list": SHIPPER,
  "shipment.get": roles("SHIPPER", "DRIVER", "ADMIN"),
  "shipment.changesSince": roles("SHIPPER", "DRIVER", "ADMIN"),

  "driver.loadBoard": DRIVER,
  "driver.accept": DRIVER,
  "driver.release": DRIVER,
  "driver.pickUp": DRIVER,
  "driver.depart": DRIVER,
  "driver.deliver": DRIVER,
  "driver.jobs": DRIVER,
  "driver.history": DRIVER,
  "driver.earnings": DRIVER,

  "tracking.get": PUBLIC,
  "tracking.positions": roles("SHIPPER", "DRIVER", "ADMIN"),
  "tracking.positionsByToken": PUBLIC,

  "admin.overview": ADMIN,
  "admin.shipments": ADMIN,
  "admin.drivers": ADMIN,
  "admin.forceCancel": ADMIN,
  "admin.reassign": ADMIN,

  "places.autocomplete": USER,
  "places.resolve": USER,
  "places.geocode": USER,
  "places.route": roles("SHIPPER", "DRIVER", "ADMIN"),
  "places.weather": roles("SHIPPER", "DRIVER", "ADMIN"),

  "chat.send": USER,
  "chat.history": USER,
  "chat.since": USER,
  "chat.markRead": USER,
  "chat.unreadCounts": USER,

  "phone.startVerification": USER,
  "phone.confirm": USER,

  "push.config": USER,
  "push.subscribe": USER,
  "push.unsubscribe": USER,
  "payment.checkout": SHIPPER,
  "payment.forShipment": roles("SHIPPER", "ADMIN"),
  "notifications.unreadCount": USER,
  "notifications.list": USER,
  "notifications.markRead": USER,
  "notifications.markAllRead": USER,
  "notifications.preferences": USER,
  "notifications.setPreference": USER,
  "files.list": roles("SHIPPER", "DRIVER", "ADMIN"),
  "files.proofOfDelivery": roles("SHIPPER", "DRIVER", "ADMIN"),
  "invoice.list": SHIPPER,
  "adminOps.exceptions": ADMIN,
  "adminOps.resolveException": ADMIN,
  "adminOps.unlockDeliveryCode": ADMIN,
  "adminOps.reissueDeliveryCode": ADMIN,
  "adminOps.markPickedUp": ADMIN,
  "adminOps.markDelivered": ADMIN,
  "adminOps.hold": ADMIN,
  "adminOps.releaseHold": ADMIN,
  "adminOps.extendPickupWindow": ADMIN,
  "adminOps.liveMap": ADMIN,
  "payout.account": DRIVER,
  "payout.onboard": DRIVER,
  "payout.refreshAccount": DRIVER,
  "payout.list": DRIVER,
  "payout.quickPayQuote": DRIVER,
  "payout.quickPay": DRIVER,
  "files.delete": roles("SHIPPER", "DRIVER", "ADMIN"),
  "analytics.shipper": SHIPPER,
  "analytics.driver": DRIVER,
  "analytics.admin": ADMIN,
  "subscription.plan": SHIPPER,
  "subscription.checkout": SHIPPER,
  "subscription.portal": SHIPPER,
  "subscription.invoices": SHIPPER,
  "account.setUnits": USER,
  "account.setHomeBase": DRIVER,
  "places.signUpSearch": PUBLIC,
  "places.signUpResolve": PUBLIC,
  "files.driverDocuments": roles("DRIVER", "ADMIN"),
  "files.removeAvatar": USER,
  "adminPayouts.list": ADMIN,
  "adminPayouts.retry": ADMIN,
  "subscription.changePlan": SHIPPER,
  "adminOps.replayWebhook": ADMIN,
  "adminOps.recentResolutions": ADMIN,
};

export function permissionFor(path: string): TPermission | undefined {
  return permissions[path];
}

export function isAllowed(permission: TPermission, role: Role | null): boolean {
  if (permission.access === "public") return true;
  if (role === null) return false;
  if (permission.access === "user") return true;
  return permission.roles.includes(role);
}
