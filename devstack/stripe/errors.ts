// Stripe's error shape: `{ error: { type, code?, param?, message, decline_code?, doc_url? } }` with the HTTP status
// Stripe uses for each kind (https://docs.stripe.com/api/errors).

export type TStripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: TStripeErrorType,
    message: string,
    readonly extra: { code?: string; param?: string; decline_code?: string } = {},
  ) {
    super(message);
  }

  body(requestId: string) {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...this.extra,
        ...(this.extra.code
          ? { doc_url: `https://stripe.com/docs/error-codes/${this.extra.code.replace(/_/g, "-")}` }
          : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
      },
    };
  }
}

/** 400 invalid_request_error naming the parameter, as Stripe answers a missing or malformed one. */
export function invalidParam(param: string, message: string, code = "parameter_invalid_string"): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, { code, param });
}

export function missingParam(param: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, {
    code: "parameter_missing",
    param,
  });
}

/** 404 resource_missing: `No such checkout.session: 'cs_test_…'`. */
export function noSuch(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, {
    code: "resource_missing",
    param,
  });
}
