"use client";

// /settings/notifications: a matrix of notification types x channels; each box saves the moment it is changed,
// with its outcome announced next to the table (and to screen readers).
import { useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Spinner } from "~/components/ui/spinner";
import type { NotificationChannel, NotificationType } from "~/generated/prisma/enums";
import { api, type RouterOutputs } from "~/trpc/react";

const channelLabel: Record<NotificationChannel, string> = {
  IN_APP: "In app",
  EMAIL: "Email",
  SMS: "SMS",
  PUSH: "Push",
};

type TCell = RouterOutputs["notifications"]["preferences"][number];

export function PreferencesMatrix({
  types,
}: {
  types: { type: NotificationType; label: string; description: string }[];
}) {
  const utils = api.useUtils();
  const prefs = api.notifications.preferences.useQuery();
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  // A box shows its new state the moment it is changed (set in the change handler itself), kept here until the
  // server answers. An optimistic write to the query cache in `onMutate` lands only after a few awaits, so for a
  // moment the controlled box showed its old state again (a quick second click was lost). Each change has a
  // number; only the latest one for a box clears it.
  const [pending, setPending] = useState<Record<string, { enabled: boolean; seq: number }>>({});
  const seq = useRef(0);
  const save = api.notifications.setPreference.useMutation({
    onSuccess: (cell) => {
      utils.notifications.preferences.setData(undefined, (cells) =>
        cells?.map((c) => (c.type === cell.type && c.channel === cell.channel ? { ...c, enabled: cell.enabled } : c)),
      );
      const type = types.find((t) => t.type === cell.type)?.label ?? cell.type;
      setStatus({
        tone: "success",
        text: `Saved: ${type} by ${channelLabel[cell.channel].toLowerCase()} ${cell.enabled ? "on" : "off"}.`,
      });
    },
    onError: (error) => setStatus({ tone: "error", text: `Not saved: ${error.message}` }),
  });

  const change = (type: NotificationType, channel: NotificationChannel, enabled: boolean) => {
    const key = `${type}:${channel}`;
    const n = ++seq.current;
    setPending((p) => ({ ...p, [key]: { enabled, seq: n } }));
    save.mutate(
      { type, channel, enabled },
      {
        onSettled: () =>
          setPending((p) => {
            if (p[key]?.seq !== n) return p;
            const { [key]: _settled, ...rest } = p;
            return rest;
          }),
      },
    );
  };

  if (prefs.isPending) return <Spinner label="Loading your preferences…" />;
  if (prefs.isError) return <Alert tone="error">Could not load your preferences: {prefs.error.message}</Alert>;
  const cell = (type: NotificationType, channel: NotificationChannel): TCell | undefined =>
    prefs.data.find((c) => c.type === type && c.channel === channel);
  const channels = Object.keys(channelLabel) as NotificationChannel[];

  return (
    <div className="space-y-3">
      <div aria-live="polite" className="min-h-6 text-sm" data-testid="preferences-status">
        {status ? <p className={status.tone === "error" ? "text-red-700" : "text-green-800"}>{status.text}</p> : null}
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Which notifications you get, and where</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                Notification
              </th>
              {channels.map((ch) => (
                <th key={ch} scope="col" className="px-3 py-3 text-center font-semibold">
                  {channelLabel[ch]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {types.map((t) => (
              <tr key={t.type}>
                <th scope="row" className="px-4 py-3 align-top font-normal">
                  <span className="block font-medium text-slate-900">{t.label}</span>
                  <span className="block text-slate-600">{t.description}</span>
                </th>
                {channels.map((ch) => {
                  const c = cell(t.type, ch);
                  // A type sent on fewer channels (the daily summary is an email) has no box for the others.
                  if (!c) {
                    return (
                      <td key={ch} className="px-3 py-3 text-center align-top text-slate-400">
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">{`${t.label} is not sent by ${channelLabel[ch].toLowerCase()}`}</span>
                      </td>
                    );
                  }
                  return (
                    <td key={ch} className="px-3 py-3 text-center align-top">
                      <label className="inline-flex min-h-11 min-w-11 cursor-pointer items-center justify-center">
                        <input
                          type="checkbox"
                          className="h-5 w-5 accent-brand-700"
                          checked={pending[`${t.type}:${ch}`]?.enabled ?? c.enabled}
                          disabled={c.locked}
                          aria-label={`${t.label} by ${channelLabel[ch].toLowerCase()}${c.locked ? " (always on)" : ""}`}
                          onChange={(e) => change(t.type, ch, e.target.checked)}
                        />
                      </label>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm text-slate-600">
        In-app notifications are always on: they are the record of what happened. SMS is on by default only where
        minutes matter: pick-up reminders and a locked delivery code.
      </p>
    </div>
  );
}
