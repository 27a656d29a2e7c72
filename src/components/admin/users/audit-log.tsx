import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import type { Role } from "~/generated/prisma/enums";
import { roleLabel } from "./labels";

export type TAuditEntry = {
  id: string;
  action: string;
  data: unknown;
  createdAt: Date;
  actor: { name: string; email: string } | null;
};

const actionLabel: Record<string, string> = {
  "user.disabled": "Account disabled",
  "user.enabled": "Account enabled",
  "user.role_changed": "Role changed",
};

const keyLabel: Record<string, string> = {
  sessionsRevoked: "Sessions signed out",
  from: "From",
  to: "To",
  reason: "Reason",
};

/** "sessionsRevoked" → "Sessions revoked" for keys without a label. */
function humanKey(key: string): string {
  const label = keyLabel[key];
  if (label) return label;
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRole(value: string): value is Role {
  return Object.hasOwn(roleLabel, value);
}

function humanValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return isRole(value) ? roleLabel[value] : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function AuditData({ data }: { data: unknown }) {
  if (data === null || data === undefined) return null;
  if (typeof data !== "object" || Array.isArray(data)) {
    return <p className="text-sm text-slate-700">{humanValue(data)}</p>;
  }
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return null;
  return (
    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{humanKey(key)}</dt>
          <dd className="wrap-anywhere text-slate-800">{humanValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditLog({ entries }: { entries: readonly TAuditEntry[] }) {
  if (entries.length === 0) {
    return <EmptyState title="No actions recorded yet" description="Admin actions on this account will appear here." />;
  }
  return (
    <ol className="divide-y divide-slate-200">
      {entries.map((entry) => (
        <li key={entry.id} className="py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <p className="font-medium">{actionLabel[entry.action] ?? entry.action}</p>
            <p className="text-sm text-slate-500">
              <DateTime value={entry.createdAt} />
            </p>
          </div>
          <p className="text-sm text-slate-600">
            by {entry.actor ? `${entry.actor.name} (${entry.actor.email})` : "the system"}
          </p>
          <AuditData data={entry.data} />
        </li>
      ))}
    </ol>
  );
}
