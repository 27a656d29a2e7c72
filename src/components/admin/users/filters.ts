// The user list's filters live in the URL (?q=&role=&state=, and the page as a keyset cursor &after= or &before=); the server page and the client list both
// parse them here, so the server's prefetch and the client's query use the very same input.
import type { Role } from "~/generated/prisma/enums";

export const roleValues = ["SHIPPER", "DRIVER", "ADMIN"] as const satisfies readonly Role[];
export const stateValues = ["active", "disabled", "unverified"] as const;
export type TUserState = (typeof stateValues)[number];

export const USERS_PAGE_SIZE = 20;

const CURSOR_MAX = 200;

export type TUserFilters = { q: string; role?: Role; state?: TUserState; after?: string; before?: string };

type TParams = { get(name: string): string | null };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

function cursorParam(value: string | null): string | undefined {
  return value && value.length <= CURSOR_MAX ? value : undefined;
}

export function parseUserFilters(params: TParams): TUserFilters {
  const after = cursorParam(params.get("after"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    role: oneOf(roleValues, params.get("role")),
    state: oneOf(stateValues, params.get("state")),
    // One direction at a time; `after` wins if a hand-made URL has both.
    after,
    before: after ? undefined : cursorParam(params.get("before")),
  };
}

/** The adminUsers.list input for these filters. */
export function listInput(filters: TUserFilters) {
  return {
    search: filters.q || undefined,
    role: filters.role,
    state: filters.state,
    after: filters.after,
    before: filters.before,
    pageSize: USERS_PAGE_SIZE,
  };
}

/** "?q=sam&after=…", leaving out defaults (no cursor: the first page); "" when nothing is set. */
export function filtersToSearch(filters: TUserFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.role) params.set("role", filters.role);
  if (filters.state) params.set("state", filters.state);
  if (filters.after) params.set("after", filters.after);
  else if (filters.before) params.set("before", filters.before);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function hasFilters(filters: TUserFilters): boolean {
  return !!(filters.q || filters.role || filters.state);
}
