import { accountRouter } from "~/server/api/routers/account";
import { adminRouter } from "~/server/api/routers/admin";
import { adminUsersRouter } from "~/server/api/routers/admin-users";
import { authRouter } from "~/server/api/routers/auth";
import { chatRouter } from "~/server/api/routers/chat";
import { driverRouter } from "~/server/api/routers/driver";
import { filesRouter } from "~/server/api/routers/files";
import { healthRouter } from "~/server/api/routers/health";
import { phoneRouter } from "~/server/api/routers/phone";
import { paymentRouter } from "~/server/api/routers/payment";
import { invoiceRouter } from "~/server/api/routers/invoice";
import { notificationsRouter } from "~/server/api/routers/notifications";
import { placesRouter } from "~/server/api/routers/places";
import { pushRouter } from "~/server/api/routers/push";
import { shipmentRouter } from "~/server/api/routers/shipment";
import { trackingRouter } from "~/server/api/routers/tracking";
import { payoutRouter } from "~/server/api/routers/payout";
import { analyticsRouter } from "~/server/api/routers/analytics";
import { createCallerFactory, createTRPCRouter } from "~/server/api/trpc";
import { adminOpsRouter } from "~/server/api/routers/admin-ops";
import { subscriptionRouter } from "~/server/api/routers/subscription";
import { adminPayoutsRouter } from "~/server/api/routers/admin-payouts";

export const appRouter = createTRPCRouter({
  health: healthRouter,
  auth: authRouter,
  account: accountRouter,
  adminUsers: adminUsersRouter,
  shipment: shipmentRouter,
  driver: driverRouter,
  tracking: trackingRouter,
  admin: adminRouter,
  chat: chatRouter,
  places: placesRouter,
  phone: phoneRouter,
  push: pushRouter,
  payment: paymentRouter,
  notifications: notificationsRouter,
  files: filesRouter,
  invoice: invoiceRouter,
  adminOps: adminOpsRouter,
  payout: payoutRouter,
  analytics: analyticsRouter,
  subscription: subscriptionRouter,
  adminPayouts: adminPayoutsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(createInnerTRPCContext({ session }))` in tests and RSC. */
export const createCaller = createCallerFactory(appRouter);
