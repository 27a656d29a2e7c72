// The push service worker, registered from the account page when push notifications are turned on. It shows what the
// server's sendPushToUser sends ({ title, body, url }) and opens the app at `url` on click. Nothing is cached.
"use strict";

// The project type-checks with the DOM lib, which has no ServiceWorkerGlobalScope: the worker's scope is untyped here.
const sw = /** @type {any} */ (globalThis);

/** @typedef {{ data: { json(): Record<string, unknown>; text(): string } | null; waitUntil(p: Promise<unknown>): void }} TPushEvent */
/** @typedef {{ notification: Notification; waitUntil(p: Promise<unknown>): void }} TNotificationClickEvent */
/** @typedef {{ url: string; focus(): Promise<unknown> }} TWindowClient */

sw.addEventListener("push", (/** @type {TPushEvent} */ event) => {
  /** @type {Record<string, unknown>} */
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Trial Transport";
  const body = typeof data.body === "string" ? data.body : "";
  // Only a path in this app: a payload can never send the user to another site.
  const url = typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//") ? data.url : "/";
  event.waitUntil(sw.registration.showNotification(title, { body, data: { url }, icon: "/favicon.svg" }));
});

sw.addEventListener("notificationclick", (/** @type {TNotificationClickEvent} */ event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? "/", sw.location.origin).href;
  event.waitUntil(
    sw.clients
      .matchAll({ type: "window", includeUncontrolled: true })
      .then((/** @type {TWindowClient[]} */ windows) => {
        const open = windows.find((w) => w.url === target);
        return open ? open.focus() : sw.clients.openWindow(target);
      }),
  );
});
