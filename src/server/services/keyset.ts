// Keyset ("cursor") pages for lists that grow while they are read: a page starts strictly after the last row the
// previous page showed, in (timestamp desc, id desc) order, so rows added or removed meanwhile never repeat or skip
// a row the way OFFSET paging does.
import { AppError } from "~/lib/app-error";

/** A keyset position: the sort timestamp and id of the last row a page returned. */
type TCursor = { at: Date; id: string };

/** The opaque cursor string handed to clients (base64url of `ISO-instant|id`). */
export function encodeCursor(c: TCursor): string {
  return Buffer.from(`${c.at.toISOString()}|${c.id}`).toString("base64url");
}

/** @throws AppError BAD_REQUEST for a string `encodeCursor` did not make. */
function decodeCursor(raw: string): TCursor {
  const [iso, id] = Buffer.from(raw, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  // A forged cursor must not carry NUL or odd characters in the id, or an instant PostgreSQL cannot hold, into the
  // query (either would be a 500): ids are short word characters, and our rows are dated within years 1..9999.
  const year = at.getUTCFullYear();
  if (!id || !/^[\w-]{1,64}$/.test(id) || Number.isNaN(year) || year < 1 || year > 9999) {
    throw new AppError("BAD_REQUEST", "Invalid page cursor.");
  }
  return { at, id };
}

/**
 * A Prisma `where` fragment for rows strictly after the cursor in (`field` desc, id desc) order; `{}` for the first
 * page. Works for any model with a timestamp column and a string id.
 *
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
export function afterCursor<TField extends string>(
  raw: string | null | undefined,
  field: TField,
): { OR?: ({ [K in TField]: { lt: Date } } | ({ [K in TField]: Date } & { id: { lt: string } }))[] } {
  if (!raw) return {};
  const c = decodeCursor(raw);
  return {
    OR: [
      { [field]: { lt: c.at } } as { [K in TField]: { lt: Date } },
      { [field]: c.at, id: { lt: c.id } } as { [K in TField]: Date } & { id: { lt: string } },
    ],
  };
}

/**
 * One page from rows fetched with `take: limit + 1` in (`at` desc, id desc) order: the first `limit`, and a
 * cursor after the last of them when the extra row shows there is more (null on the last page).
 */
export function keysetPage<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date | null) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const lastAt = last ? at(last) : null;
  return {
    items,
    nextCursor: rows.length > limit && last && lastAt ? encodeCursor({ at: lastAt, id: last.id }) : null,
  };
}

/** Where a two-way page starts: after the `after` cursor (older rows), before the `before` cursor (newer rows), or
 * at the top when neither is given. */
export type TPageRequest = { after?: string | null; before?: string | null; limit: number };

/** Rows strictly before the cursor in (`field` desc, id desc) order, i.e. newer ones; `{}` without a cursor. */
function beforeCursor<TField extends string>(raw: string | null | undefined, field: TField) {
  if (!raw) return {};
  const c = decodeCursor(raw);
  return { OR: [{ [field]: { gt: c.at } }, { [field]: c.at, id: { gt: c.id } }] };
}

/**
 * One page of a list that can be walked both ways while it grows (an admin's table): rows in (`field` desc,
 * id desc) order, starting after `after` or ending before `before`. `find` runs the query with the `where`
 * fragment to AND with the list's own filters; `countNewer` counts the list's rows newer than a `where` fragment,
 * which gives `offset` (how many rows come before this page, for "26–50 of 73"). A `before` page shorter than
 * `limit` has reached the top and is topped up as the first page, so "Previous" always lands on a full page.
 *
 * Returns `items`, `offset`, `previousCursor` (null on the first page) and `nextCursor` (null on the last).
 * @throws AppError BAD_REQUEST for a malformed cursor.
 */
/** What `twoWayKeysetPage` asks its `find` to fetch (annotate `find`'s parameter with it so the row type infers). */
export type TKeysetFind = { where: object; direction: "asc" | "desc"; take: number };

export async function twoWayKeysetPage<T extends { id: string }, TField extends string>(opts: {
  page: TPageRequest;
  field: TField;
  at: (row: T) => Date;
  find: (args: TKeysetFind) => Promise<T[]>;
  countNewer: (where: object) => Promise<number>;
}) {
  const { limit } = opts.page;
  let rows: T[];
  if (opts.page.before) {
    const newer = await opts.find({ where: beforeCursor(opts.page.before, opts.field), direction: "asc", take: limit });
    rows = newer.length < limit ? await opts.find({ where: {}, direction: "desc", take: limit + 1 }) : newer.reverse();
    if (newer.length >= limit) {
      // One more row after the page tells whether a next page exists: the cursor row itself, unless it was deleted.
      const last = rows.at(-1);
      const after = last ? encodeCursor({ at: opts.at(last), id: last.id }) : null;
      const more = await opts.find({ where: afterCursor(after, opts.field), direction: "desc", take: 1 });
      rows = [...rows, ...more];
    }
  } else {
    rows = await opts.find({ where: afterCursor(opts.page.after, opts.field), direction: "desc", take: limit + 1 });
  }
  const { items, nextCursor } = keysetPage(rows, limit, opts.at);
  const first = items[0];
  const offset = first
    ? await opts.countNewer(beforeCursor(encodeCursor({ at: opts.at(first), id: first.id }), opts.field))
    : 0;
  return {
    items,
    offset,
    previousCursor: first && offset > 0 ? encodeCursor({ at: opts.at(first), id: first.id }) : null,
    nextCursor,
  };
}
