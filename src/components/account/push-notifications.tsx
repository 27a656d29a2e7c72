"use client";

// Push notifications on the account page: turns them on for this browser (the browser's permission prompt appears
// only after the button is pressed), or off. The subscription is saved on the server (tRPC push.subscribe) so
// sendPushToUser reaches this browser; the service worker public/sw.js shows what arrives.
import { useCallback, useEffect, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { api } from "~/trpc/react";

type TState = "checking" | "unsupported" | "denied" | "off" | "on";

const SW_URL = "/sw.js";

/** A base64url VAPID public key as the bytes pushManager.subscribe takes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function supported(): boolean {
  return (
    typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window
  );
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export function PushNotifications() {
  const config = api.push.config.useQuery();
  const utils = api.useUtils();
  const save = api.push.subscribe.useMutation();
  const remove = api.push.unsubscribe.useMutation();
  const [state, setState] = useState<TState>("checking");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!supported()) return setState("unsupported");
    if (Notification.permission === "denied") return setState("denied");
    setState((await currentSubscription()) ? "on" : "off");
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const publicKey = config.data?.publicKey ?? null;

  async function turnOn() {
    if (!publicKey) return;
    setBusy(true);
    setError(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setState(permission === "denied" ? "denied" : "off");
        return;
      }
      const registration = await navigator.serviceWorker.register(SW_URL, { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(publicKey),
        }));
      try {
        await save.mutateAsync(subscription.toJSON() as Parameters<typeof save.mutateAsync>[0]);
      } catch (e) {
        await subscription.unsubscribe();
        throw e;
      }
      setState("on");
      await utils.push.config.invalidate();
    } catch (e) {
      setError(getErrorMessage(e, "Push notifications could not be turned on in this browser."));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    setError(null);
    try {
      const subscription = await currentSubscription();
      if (subscription) {
        await remove.mutateAsync({ endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      setState("off");
      await utils.push.config.invalidate();
    } catch (e) {
      setError(getErrorMessage(e, "Push notifications could not be turned off."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Push notifications" description="Alerts on this device even when the app is closed.">
      <div className="space-y-4">
        {config.isPending || state === "checking" ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Spinner /> Checking this browser…
          </p>
        ) : config.isError ? (
          <Alert tone="error">Could not load the push settings. Reload the page to try again.</Alert>
        ) : !publicKey ? (
          <Alert tone="info">Push notifications are not set up on this server.</Alert>
        ) : state === "unsupported" ? (
          <Alert tone="info">This browser cannot receive push notifications.</Alert>
        ) : state === "denied" ? (
          <Alert tone="warning">
            Notifications are blocked for this site. Allow them in your browser&apos;s site settings, then reload.
          </Alert>
        ) : (
          <div className="flex flex-wrap items-center gap-3">
            {state === "on" ? <Badge tone="success">On for this browser</Badge> : <Badge>Off for this browser</Badge>}
            {state === "on" ? (
              <Button variant="secondary" pending={busy} pendingLabel="Turning off…" onClick={() => void turnOff()}>
                Turn off push notifications
              </Button>
            ) : (
              <Button pending={busy} pendingLabel="Turning on…" onClick={() => void turnOn()}>
                Turn on push notifications
              </Button>
            )}
          </div>
        )}
        {config.data && config.data.subscriptions > 0 ? (
          <p className="text-sm text-slate-600">Subscribed browsers on your account: {config.data.subscriptions}.</p>
        ) : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
      </div>
    </Card>
  );
}
