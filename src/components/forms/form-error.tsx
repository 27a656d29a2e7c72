import type { FieldErrors, FieldValues } from "react-hook-form";

import { Alert } from "~/components/ui/alert";

/** The form-level message `applyServerErrors` sets when no field explains a server error. */
export function FormError<T extends FieldValues>({ errors }: { errors: FieldErrors<T> }) {
  const message = errors.root?.server?.message;
  return message ? <Alert tone="error">{message}</Alert> : null;
}
