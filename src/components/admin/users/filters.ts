// The user list's filters live in the URL (?q=&role=&state=&page=); the server page and the client list both
// parse them here, so the server's prefetch and the client's query use the very same input.
import type { Role } from "~/generated/prisma/enums";

export const roleValues = ["SHIPPER", "DRIVER", "ADMIN"] as const satisfies readonly Role[];
export const stateValues = ["active", "disabled", "unverified"] as const;
export type TUserState = (typeof stateValues)[number];

export const USERS_PAGE_SIZE = 20;

export type TUserFilters = { q: string; role?: Role; state?: TUserState; page: number };

type TParams = { get(name: string): string | null };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

export function parseUserFilters(params: TParams): TUserFilters {
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    role: oneOf(roleValues, params.get("role")),
    state: oneOf(stateValues, params.get("state")),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** The adminUsers.list input for these filters. */
export function listInput(filters: TUserFilters) {
  return {
    search: filters.q || undefined,
    role: filters.role,
    state: filters.state,
    page: filters.page,
    pageSize: USERS_PAGE_SIZE,
  };
}

/** "?q=sam&page=2", leaving out defaults; "" when nothing is set. */
export function filtersToSearch(filters: TUserFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.role) params.set("role", filters.role);
  if (filters.state) params.set("state", filters.state);
  if (filters.page > 1) params.set("page", String(filters.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function hasFilters(filters: TUserFilters): boolean {
  return !!(filters.q || filters.role || filters.state);
}
