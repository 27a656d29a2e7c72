"use client";

import { keepPreviousData } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";

import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { DateTime } from "~/components/ui/date-time";
import { EmptyState } from "~/components/ui/empty-state";
import { SelectField, TextField } from "~/components/ui/field";
import { getErrorMessage } from "~/components/ui/form-errors";
import { Pagination } from "~/components/ui/pagination";
import { Spinner } from "~/components/ui/spinner";
import { api, type RouterOutputs } from "~/trpc/react";
import {
  filtersToSearch,
  hasFilters,
  listInput,
  parseUserFilters,
  roleValues,
  stateValues,
  type TUserFilters,
  USERS_PAGE_SIZE,
} from "./filters";
import { roleLabel, RoleBadge, stateLabel, UserStateBadges } from "./labels";

type TUserRow = RouterOutputs["adminUsers"]["list"]["users"][number];

const roleOptions = roleValues.map((r) => ({ value: r, label: roleLabel[r] }));
const stateOptions = stateValues.map((s) => ({ value: s, label: stateLabel[s] }));

const SEARCH_DEBOUNCE_MS = 300;

/** The same filters from the top of the list: a new filter or search starts over rather than mid-list. */
function firstPage({ after: _after, before: _before, ...filters }: TUserFilters): TUserFilters {
  return filters;
}

export function UsersList() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = parseUserFilters(searchParams);
  const list = api.adminUsers.list.useQuery(listInput(filters), { placeholderData: keepPreviousData });

  // Filters update the URL without a server round trip; Next.js keeps useSearchParams in sync with history.
  function go(next: TUserFilters, mode: "push" | "replace" = "push") {
    const url = `${pathname}${filtersToSearch(next)}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  const [text, setText] = useState(filters.q);
  const [syncedQ, setSyncedQ] = useState(filters.q);
  if (filters.q !== syncedQ) {
    // The URL changed (back button, "Clear filters"): show its search, unless it is just what is being typed.
    setSyncedQ(filters.q);
    if (text.trim() !== filters.q) setText(filters.q);
  }

  const { role, state } = filters;
  useEffect(() => {
    const q = text.trim().slice(0, 100);
    if (q === syncedQ) return;
    const timer = setTimeout(() => {
      window.history.replaceState(null, "", `${pathname}${filtersToSearch({ q, role, state })}`);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, syncedQ, role, state, pathname]);

  function onSearchSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    go({ ...firstPage(filters), q: text.trim().slice(0, 100) });
  }

  const data = list.data;
  const updating = list.isFetching && !list.isPending;

  return (
    <div className="space-y-4">
      <form
        role="search"
        aria-label="Filter users"
        onSubmit={onSearchSubmit}
        className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr]"
      >
        <TextField
          label="Search"
          type="search"
          name="q"
          placeholder="Name or email"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <SelectField
          label="Role"
          name="role"
          placeholder="All roles"
          options={roleOptions}
          value={filters.role ?? ""}
          onChange={(e) => go({ ...firstPage(filters), role: roleValues.find((r) => r === e.target.value) })}
        />
        <SelectField
          label="Status"
          name="state"
          placeholder="Any status"
          options={stateOptions}
          value={filters.state ?? ""}
          onChange={(e) => go({ ...firstPage(filters), state: stateValues.find((s) => s === e.target.value) })}
        />
      </form>

      <div className="flex min-h-6 items-center justify-between gap-3 text-sm text-slate-600">
        <p aria-live="polite">
          {data ? `${data.total.toLocaleString("en")} ${data.total === 1 ? "user" : "users"}` : ""}
        </p>
        {updating ? <Spinner label="Updating…" /> : null}
      </div>

      {list.isPending ? (
        <Spinner label="Loading users…" />
      ) : list.isError && !data ? (
        <Alert tone="error">
          <p>{getErrorMessage(list.error)}</p>
          <Button variant="secondary" size="sm" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Alert>
      ) : !data || data.users.length === 0 ? (
        <EmptyState
          title={hasFilters(filters) ? "No users match these filters" : "No users yet"}
          description={hasFilters(filters) ? "Try another search, or clear the filters." : undefined}
          action={
            hasFilters(filters) ? (
              <Link href={pathname} className="font-medium text-brand-700 hover:underline">
                Clear filters
              </Link>
            ) : undefined
          }
        />
      ) : (
        <>
          {list.isError ? <Alert tone="error">{getErrorMessage(list.error)}</Alert> : null}
          <UsersTable users={data.users} />
          <UserCards users={data.users} />
          <Pagination
            previousHref={
              data.previousCursor
                ? `${pathname}${filtersToSearch({ ...firstPage(filters), before: data.previousCursor })}`
                : null
            }
            nextHref={
              data.nextCursor
                ? `${pathname}${filtersToSearch({ ...firstPage(filters), after: data.nextCursor })}`
                : null
            }
            first={data.offset + 1}
            count={data.users.length}
            total={data.total}
            pageSize={USERS_PAGE_SIZE}
            label="User list pages"
          />
        </>
      )}
    </div>
  );
}

function UsersTable({ users }: { users: TUserRow[] }) {
  return (
    <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white md:block">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Role
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Joined
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {users.map((u) => (
            <tr key={u.id} className="hover:bg-slate-50">
              <th scope="row" className="px-4 py-3 font-medium">
                <Link href={`/admin/users/${u.id}`} prefetch={false} className="text-brand-700 hover:underline">
                  {u.name}
                </Link>
              </th>
              <td className="px-4 py-3 break-all">{u.email}</td>
              <td className="px-4 py-3">
                <RoleBadge role={u.role} />
              </td>
              <td className="px-4 py-3">
                <UserStateBadges disabledAt={u.disabledAt} emailVerifiedAt={u.emailVerifiedAt} />
              </td>
              <td className="px-4 py-3 whitespace-nowrap text-slate-600">
                <DateTime value={u.createdAt} format="date" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The phone layout: one card per user; the whole card is the link's hit area. */
function UserCards({ users }: { users: TUserRow[] }) {
  return (
    <ul className="space-y-2 md:hidden">
      {users.map((u) => (
        <li
          key={u.id}
          className="relative rounded-xl border border-slate-200 bg-white p-4 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-brand-500"
        >
          <Link
            href={`/admin/users/${u.id}`}
            prefetch={false}
            className="font-semibold text-brand-700 after:absolute after:inset-0 focus-visible:outline-none"
          >
            {u.name}
          </Link>
          <p className="text-sm break-all text-slate-600">{u.email}</p>
          <div className="mt-2 flex flex-wrap items-center gap-1">
            <RoleBadge role={u.role} />
            <UserStateBadges disabledAt={u.disabledAt} emailVerifiedAt={u.emailVerifiedAt} />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            Joined <DateTime value={u.createdAt} format="date" />
          </p>
        </li>
      ))}
    </ul>
  );
}
