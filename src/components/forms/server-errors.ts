// Puts a failed mutation's error on a react-hook-form form: beside the field it concerns when the server named one
// (tRPC `fieldErrors` from AppError or `zodError` from input validation, read by ~/components/ui/form-errors), in
// one form-level alert (`root.server`) only when no shown field explains it.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { getErrorMessage, getFieldErrors, type TFieldErrors } from "~/components/ui/form-errors";

/** The key of the form-level message in `formState.errors` (react-hook-form clears `root` errors on submit). */
export const SERVER_ERROR = "root.server" as const;

const lastSegment = (path: string) => path.split(".").at(-1) ?? path;

/**
 * The server's message for each of `fields`, by exact path; a nested field (`driver.capacityKg`) also takes a
 * message keyed by its last segment (`capacityKg`) when no other shown field ends the same way.
 */
export function messagesFor(all: TFieldErrors, fields: readonly string[]): TFieldErrors {
  const out: TFieldErrors = {};
  for (const field of fields) {
    const last = lastSegment(field);
    const unique = fields.filter((f) => lastSegment(f) === last).length === 1;
    const message = all[field] ?? (unique ? all[last] : undefined);
    if (message !== undefined) out[field] = message;
  }
  return out;
}

/**
 * Shows `error` on the form: each message for one of `fields` beside its field, focus on the first (in the order
 * of `fields`, which should be the order on screen), otherwise a form-level message. Typed values are untouched.
 * `messages` overrides the messages read from the error (for forms whose paths differ from the procedure's).
 * Returns whether a field explains the error.
 */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: unknown,
  fields: readonly Path<T>[],
  messages: TFieldErrors = getFieldErrors(error),
): boolean {
  const shown = messagesFor(messages, fields);
  let first = true;
  for (const field of fields) {
    const message = shown[field];
    if (message === undefined) continue;
    setError(field, { type: "server", message }, { shouldFocus: first });
    first = false;
  }
  if (first) setError(SERVER_ERROR, { type: "server", message: getErrorMessage(error) });
  return !first;
}
