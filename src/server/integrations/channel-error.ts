// The one error a notification channel (SMS, web push) throws when a send fails. The notification service records
// `code` and `message` on the delivery row and retries only what is not `permanent`: a number Twilio calls invalid
// or opted out will not heal on a retry, an outage will.

/** A failed send on one channel: `permanent` says whether retrying can help; `code` is the provider's (e.g. "21610"). */
export class ChannelError extends Error {
  readonly permanent: boolean;
  readonly code?: string;

  constructor(opts: { permanent: boolean; code?: string; message: string }) {
    super(opts.message);
    this.name = "ChannelError";
    this.permanent = opts.permanent;
    this.code = opts.code;
  }
}

/** Narrows an unknown error to ChannelError. */
export function isChannelError(e: unknown): e is ChannelError {
  return e instanceof ChannelError;
}
