// Response field masks (AIP-161), as the "New" Google APIs read them from `X-Goog-FieldMask` or the `fields` /
// `$fields` query parameter: comma-separated dotted paths, `*` for everything. A path the response type does not
// have is a 400; the answer carries only the fields asked for (for repeated fields, in each element).

/** A response type's shape: `true` is a scalar or an object the stand-in does not describe further. */
export type TShape = { [field: string]: TShape | true };

export type TMask = "*" | TMaskTree;
type TMaskTree = { [field: string]: TMaskTree | true };

/** The mask the request names: header first, then `fields`, then `$fields`; null when there is none. */
export function requestedMask(headers: Record<string, string | string[] | undefined>, url: URL): string | null {
  const header = headers["x-goog-fieldmask"];
  const raw =
    (Array.isArray(header) ? header.join(",") : header) ??
    url.searchParams.get("fields") ??
    url.searchParams.get("$fields");
  return raw && raw.trim() ? raw : null;
}

/**
 * Parses `raw` against `shape`. Returns the mask, or the message Google gives for the first path it cannot expand
 * ("Error expanding 'fields' parameter. Cannot find matching fields for path 'routes.foo'.").
 */
export function parseMask(raw: string, shape: TShape): { mask: TMask } | { error: string } {
  const paths = raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (paths.includes("*")) return { mask: "*" };
  const tree: TMaskTree = {};
  for (const path of paths) {
    let node: TShape | true = shape;
    let out: TMaskTree = tree;
    const parts = path.split(".");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      const next: TShape | true | undefined = node === true ? undefined : node[part];
      if (next === undefined) {
        return { error: `Error expanding 'fields' parameter. Cannot find matching fields for path '${path}'.` };
      }
      if (last || next === true) {
        if (!last) {
          return { error: `Error expanding 'fields' parameter. Cannot find matching fields for path '${path}'.` };
        }
        out[part] = true;
      } else {
        const existing = out[part];
        if (existing === true) break;
        out = out[part] = existing ?? {};
      }
      node = next;
    }
  }
  return { mask: tree };
}

/** `value` with only the masked fields (absent fields stay absent, as proto3 JSON omits them). */
export function applyMask(value: unknown, mask: TMask | true): unknown {
  if (mask === "*" || mask === true) return value;
  if (Array.isArray(value)) return value.map((v) => applyMask(v, mask));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [field, sub] of Object.entries(mask)) {
    const v = (value as Record<string, unknown>)[field];
    if (v !== undefined) out[field] = applyMask(v, sub);
  }
  return out;
}
