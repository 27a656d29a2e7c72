// Free-text search over LIKE / ILIKE. Prisma's `contains`, `startsWith` and `endsWith` wrap the value in `%…%`
// but pass `%` and `_` inside it through as wildcards, so a search for "_" or "%" matched every row.

/**
 * `text` with the LIKE wildcards `%` and `_` and the escape character `\` itself each preceded by a backslash, so
 * that it matches literally in a Prisma `contains`/`startsWith`/`endsWith` filter. Backslash is LIKE's default
 * escape character in PostgreSQL (and in PGlite, which is PostgreSQL), so no ESCAPE clause is needed. Use it on
 * every user-supplied value given to those filters.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
