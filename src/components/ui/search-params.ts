/** What a Next.js page receives as `searchParams` (already awaited). */
export type TSearchParamsRecord = Record<string, string | string[] | undefined>;

/** The first value of a search param, or undefined. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function toURLSearchParams(record: TSearchParamsRecord): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else if (value !== undefined) params.set(key, value);
  }
  return params;
}
