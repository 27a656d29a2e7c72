// Twilio's SDK has no base-URL option: it always builds https://<product>.twilio.com URIs. This RequestClient
// sends them to another origin instead (the devstack stand-in), keeping path and query, so the same SDK code talks
// to Twilio in production and to the stand-in locally. No env access here: the contract suite uses it directly.
import twilio from "twilio";

type TRequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];
type TResponse<TData> = Awaited<ReturnType<typeof twilio.RequestClient.prototype.request<TData>>>;

/** A `twilio.RequestClient` that rewrites every `https://*.twilio.com` request URI onto `baseUrl` (no trailing slash). */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(baseUrl: string) {
    super({ timeout: 10_000 });
    this.base = new URL(baseUrl);
  }

  override request<TData>(opts: TRequestOptions<TData>): Promise<TResponse<TData>> {
    const original = new URL(opts.uri);
    const rewritten = new URL(original.pathname + original.search, this.base);
    return super.request<TData>({ ...opts, uri: rewritten.toString() });
  }
}
