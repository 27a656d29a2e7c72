"use client";

import { useState } from "react";

import { signOutToSignIn } from "~/components/shell/sign-out-button";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { DateTime } from "~/components/ui/date-time";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Spinner } from "~/components/ui/spinner";
import { api, type RouterOutputs } from "~/trpc/react";
import { describeUserAgent } from "./user-agent";

type TSession = RouterOutputs["account"]["sessions"][number];

export function SessionsList() {
  const sessions = api.account.sessions.useQuery();
  const revokeAll = api.account.revokeAllSessions.useMutation({
    onSuccess: () => signOutToSignIn(),
  });
  const [confirmAll, setConfirmAll] = useState(false);

  return (
    <Card
      title="Signed-in devices"
      description="Where your account is signed in now. Sign out any device you don't recognise."
    >
      {sessions.isPending ? (
        <Spinner label="Loading devices…" />
      ) : sessions.isError ? (
        <Alert tone="error">
          <p>{getErrorMessage(sessions.error)}</p>
          <Button variant="secondary" size="sm" onClick={() => void sessions.refetch()}>
            Try again
          </Button>
        </Alert>
      ) : sessions.data.length === 0 ? (
        <p className="text-sm text-slate-600">No devices are signed in.</p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {sessions.data.map((s) => (
            <SessionRow key={s.id} session={s} />
          ))}
        </ul>
      )}

      <div className="mt-6 border-t border-slate-200 pt-4">
        {revokeAll.isError ? (
          <Alert tone="error" className="mb-3">
            {getErrorMessage(revokeAll.error)}
          </Alert>
        ) : null}
        {confirmAll ? (
          <div className="space-y-3">
            <p className="text-sm font-medium" id="sign-out-everywhere-warning">
              This signs out every device, including this one. You&apos;ll need your password to sign in again.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="danger"
                aria-describedby="sign-out-everywhere-warning"
                pending={revokeAll.isPending || revokeAll.isSuccess}
                pendingLabel="Signing out…"
                onClick={() => revokeAll.mutate()}
              >
                Sign out everywhere
              </Button>
              <Button variant="ghost" onClick={() => setConfirmAll(false)} disabled={revokeAll.isPending}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setConfirmAll(true)}>
            Sign out everywhere…
          </Button>
        )}
      </div>
    </Card>
  );
}

function SessionRow({ session }: { session: TSession }) {
  const utils = api.useUtils();
  const revoke = api.account.revokeSession.useMutation({
    onSettled: () => utils.account.sessions.invalidate(),
  });
  const device = describeUserAgent(session.userAgent);
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {device}
          {session.current ? <Badge tone="brand">This device</Badge> : null}
        </p>
        <p className="text-sm text-slate-600">
          {session.ip ? <>IP {session.ip} · </> : null}
          Signed in <DateTime value={session.createdAt} format="date" /> · Last seen{" "}
          <DateTime value={session.lastSeenAt} format="relative" />
        </p>
        {revoke.isError ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {getErrorMessage(revoke.error)}
          </p>
        ) : null}
      </div>
      {session.current ? null : (
        <Button
          variant="secondary"
          size="sm"
          pending={revoke.isPending}
          pendingLabel="Signing out…"
          onClick={() => revoke.mutate({ sessionId: session.id })}
        >
          Sign out<span className="sr-only"> {device}</span>
        </Button>
      )}
    </li>
  );
}
