// Turns tRPC and Zod errors into what forms show: one message per field, plus a readable form-level message.
// Forms put them on react-hook-form with applyServerErrors (~/components/forms/server-errors).
//
// Keys: the server's `data.fieldErrors` (AppError) and `data.zodError.fieldErrors` (input validation, flattened by
// the top-level key, e.g. `driver`) are merged; AppError wins when both name a field. The first message per field is
// kept. Zod issue paths are joined with dots (`driver.capacityKg`) and the last segment (`capacityKg`) is also set
// when free, so forms with flat field names work.

export type TFieldErrors = Record<string, string>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstMessages(source: unknown, into: TFieldErrors): void {
  if (!isRecord(source)) return;
  for (const [key, messages] of Object.entries(source)) {
    const first = Array.isArray(messages) ? messages.find((m): m is string => typeof m === "string") : undefined;
    if (first === undefined) continue;
    setField(into, key, first);
  }
}

function setField(into: TFieldErrors, key: string, message: string): void {
  into[key] ??= message;
  const last = key.split(".").at(-1);
  if (last && last !== key) into[last] ??= message;
}

function errorData(error: unknown): Record<string, unknown> | null {
  if (!isRecord(error) && !(error instanceof Error)) return null;
  const data = (error as { data?: unknown }).data;
  return isRecord(data) ? data : null;
}

/** Field messages from a tRPC client error (or anything shaped like one). Empty when there are none. */
export function getFieldErrors(error: unknown): TFieldErrors {
  const out: TFieldErrors = {};
  const data = errorData(error);
  if (!data) return out;
  firstMessages(data.fieldErrors, out);
  const zod = data.zodError;
  if (isRecord(zod)) firstMessages(zod.fieldErrors, out);
  return out;
}

/** A sentence to show in an alert. Zod input errors carry a JSON dump as `message`, so they are summarised instead. */
export function getErrorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (!error) return fallback;
  const data = errorData(error);
  const zod = data?.zodError;
  if (isRecord(zod)) {
    const formError = Array.isArray(zod.formErrors)
      ? zod.formErrors.find((m): m is string => typeof m === "string")
      : undefined;
    const fieldError = Object.values(getFieldErrors({ data: { zodError: zod } }))[0];
    return formError ?? fieldError ?? "Please check the form and try again.";
  }
  const message = error instanceof Error || isRecord(error) ? (error as { message?: unknown }).message : undefined;
  if (typeof message !== "string" || message.trim() === "") return fallback;
  // fetch() failures surface as TypeError messages that mean nothing to users.
  if (/failed to fetch|networkerror|load failed|fetch failed/i.test(message)) {
    return "Could not reach the server. Check your connection and try again.";
  }
  return message;
}
