"use client";

// /settings/notifications: a matrix of notification types x channels; each box saves the moment it is changed,
// with its outcome announced next to the table (and to screen readers).
import { useRef, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import type { NotificationChannel, NotificationType } from "~/generated/prisma/enums";
import { api, type RouterOutputs } from "~/trpc/react";

const channelLabel: Record<NotificationChannel, string> = {
  IN_APP: "In app",
  EMAIL: "Email",
  SMS: "SMS",
  PUSH: "Push",
};

/** The channel inside a sentence: "email", "push", "in app", but "SMS" (an initialism keeps its capitals). */
const channelName = (ch: NotificationChannel) => (ch === "SMS" ? "SMS" : channelLabel[ch].toLowerCase());

type TCell = RouterOutputs["notifications"]["preferences"][number];

export function PreferencesMatrix({
  types,
}: {
  types: { type: NotificationType; label: string; description: string }[];
}) {
  const utils = api.useUtils();
  const prefs = api.notifications.preferences.useQuery();
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  // What each box shows while its change is being saved, set in the change handler itself (an optimistic cache
  // write in `onMutate` lands only after a few awaits, so the controlled box showed its old state for a moment).
  const [pending, setPending] = useState<Record<string, boolean>>({});
  // One save at a time per box, and the last click wins: while a save runs, further clicks only update `want`;
  // when it ends, the box is saved again if what the person wants changed meanwhile. Requests of one box can then
  // never arrive out of order (the server would keep whichever came last), and the box shows what is saved when
  // all is done. A failure ends the box's saves and shows the saved value again.
  const boxes = useRef(new Map<string, { want: boolean }>());

  // When a box's saves end, the preferences are read again: a reload that started before the save (back in the
  // tab, back online) would otherwise land after it with the old value, and a save whose answer was lost may have
  // been kept. `invalidate` cancels such a reload and reads afresh; boxes still saving keep showing `pending`.
  const settle = (key: string) => {
    boxes.current.delete(key);
    setPending(({ [key]: _settled, ...rest }) => rest);
    void utils.notifications.preferences.invalidate();
  };
  const labelOf = (type: NotificationType) => types.find((t) => t.type === type)?.label ?? type;

  const save = async (type: NotificationType, channel: NotificationChannel, key: string) => {
    const box = boxes.current.get(key);
    if (!box) return;
    for (;;) {
      const enabled = box.want;
      let cell: RouterOutputs["notifications"]["setPreference"];
      try {
        cell = await utils.client.notifications.setPreference.mutate({ type, channel, enabled });
      } catch (error) {
        settle(key);
        setStatus({
          tone: "error",
          text: `Not saved: ${labelOf(type)} by ${channelName(channel)} ${enabled ? "on" : "off"}. ${getErrorMessage(error)}`,
        });
        return;
      }
      utils.notifications.preferences.setData(undefined, (cells) =>
        cells?.map((c) => (c.type === cell.type && c.channel === cell.channel ? { ...c, enabled: cell.enabled } : c)),
      );
      if (box.want !== enabled) continue;
      settle(key);
      setStatus({
        tone: "success",
        text: `Saved: ${labelOf(cell.type)} by ${channelName(cell.channel)} ${cell.enabled ? "on" : "off"}.`,
      });
      return;
    }
  };

  const change = (type: NotificationType, channel: NotificationChannel, enabled: boolean) => {
    const key = `${type}:${channel}`;
    setPending((p) => ({ ...p, [key]: enabled }));
    const running = boxes.current.get(key);
    if (running) {
      running.want = enabled;
      return;
    }
    boxes.current.set(key, { want: enabled });
    void save(type, channel, key);
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
        {/* Our own words only: no word is broken mid-way (the body breaks anywhere); the table scrolls instead. */}
        <table className="w-full text-left text-sm wrap-normal">
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
                        <span className="sr-only">{`${t.label} is not sent by ${channelName(ch)}`}</span>
                      </td>
                    );
                  }
                  return (
                    <td key={ch} className="px-3 py-3 text-center align-top">
                      <label className="inline-flex min-h-11 min-w-11 cursor-pointer items-center justify-center">
                        <input
                          type="checkbox"
                          className="h-5 w-5 accent-brand-700"
                          checked={pending[`${t.type}:${ch}`] ?? c.enabled}
                          disabled={c.locked}
                          aria-label={`${t.label} by ${channelName(ch)}${c.locked ? " (always on)" : ""}`}
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
