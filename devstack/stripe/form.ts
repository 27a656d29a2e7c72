// Stripe's request bodies are `application/x-www-form-urlencoded` with bracketed keys, as the official SDKs write
// them (`line_items[0][price_data][unit_amount]=1234`, `metadata[shipmentId]=…`). This reads them back into nested
// objects and arrays; every leaf stays a string, as on the wire, and each endpoint converts what it expects.

export type TFormValue = string | TFormValue[] | { [key: string]: TFormValue };
export type TFormObject = { [key: string]: TFormValue };

/** Splits `a[b][0][c]` into `["a", "b", "0", "c"]`; null when the brackets do not match. */
function keyPath(key: string): string[] | null {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const path = [key.slice(0, first)];
  const rest = key.slice(first);
  const re = /\[([^[\]]*)\]/gy;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    path.push(m[1] ?? "");
    consumed = re.lastIndex;
  }
  return consumed === rest.length && path[0] !== "" ? path : null;
}

/** Objects whose keys are all 0..n-1 become arrays, recursively (the SDK writes arrays with indices). */
function arraysFromIndices(value: TFormValue): TFormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: TFormObject = {};
  for (const k of keys) converted[k] = arraysFromIndices(value[k] as TFormValue);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const sorted = keys.map(Number).sort((a, b) => a - b);
    if (sorted.every((n, i) => n === i)) return sorted.map((n) => converted[String(n)] as TFormValue);
  }
  return converted;
}

export class FormParseError extends Error {}

/**
 * Parses a form-encoded body into nested values. Throws FormParseError for a malformed key (`a[b`) or a key used
 * both as a value and as a container (`a=1&a[b]=2`), which Stripe also refuses.
 */
export function parseForm(body: string): TFormObject {
  const root: TFormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = keyPath(rawKey);
    if (!path) throw new FormParseError(`Invalid parameter name: ${rawKey}`);
    let node: TFormObject = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      // `a[]=x` appends, as qs does.
      const key = part === "" ? String(Object.keys(node).length) : part;
      if (last) {
        if (typeof node[key] === "object") throw new FormParseError(`Invalid parameter: ${rawKey}`);
        node[key] = value;
        return;
      }
      const next = node[key];
      if (next === undefined) node = node[key] = {};
      else if (typeof next === "object" && !Array.isArray(next)) node = next;
      else throw new FormParseError(`Invalid parameter: ${rawKey}`);
    });
  }
  return arraysFromIndices(root) as TFormObject;
}
