// The one error type services throw. The tRPC layer maps `code` to an HTTP status; `fieldErrors` land beside
// form fields in the UI; `retryAfterSec` tells a rate-limited user how long to wait.
export const appErrorCodes = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "TOO_MANY_REQUESTS",
  "NOT_CONFIGURED",
  "INTERNAL",
] as const;

export type TAppErrorCode = (typeof appErrorCodes)[number];

export type TFieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly fieldErrors?: TFieldErrors;
  readonly retryAfterSec?: number;

  constructor(
    code: TAppErrorCode,
    message: string,
    options: { fieldErrors?: TFieldErrors; retryAfterSec?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSec = options.retryAfterSec;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
