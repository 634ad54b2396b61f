/**
 * One webhook POST over node:http(s), connected only to the vetted addresses: the socket's DNS lookup is
 * replaced by one that answers with them (the Host header and the TLS server name stay the URL's host).
 * Redirects are never followed; the body is read up to a bound. Fresh connection per request (`agent: false`),
 * so no pooled socket outlives its vetting.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { readBounded } from './read-bounded';
import type { ResolvedAddress } from './webhook-settings';

export interface WebhookRequest {
  readonly origin: URL;
  /** Request target (path and query), already encoded. */
  readonly path: string;
  readonly addresses: readonly ResolvedAddress[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
  readonly maxBodyBytes: number;
}

export interface WebhookResponse {
  readonly status: number;
  readonly bodyBytesRead: number;
  readonly bodyTruncated: boolean;
}

function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const [first] = addresses;
    if (options.all)
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else if (first) callback(null, first.address, first.family);
    else callback(Object.assign(new Error('no vetted address'), { code: 'ENOTFOUND' }), '', 0);
  };
}

export function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const { origin } = request;
  const hostname = origin.hostname.replace(/^\[(.*)\]$/, '$1');
  const secure = origin.protocol === 'https:';
  const options: https.RequestOptions = {
    protocol: origin.protocol,
    host: hostname,
    ...(origin.port ? { port: Number(origin.port) } : {}),
    path: request.path,
    method: 'POST',
    headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
    agent: false,
    lookup: pinnedLookup(request.addresses),
    signal: request.signal,
    ...(secure && isIP(hostname) === 0 ? { servername: hostname } : {}),
  };
  return new Promise<WebhookResponse>((resolve, reject) => {
    const req = (secure ? https : http).request(options, (res) => {
      readBounded(res, request.maxBodyBytes).then(
        ({ bytes, truncated }) =>
          resolve({ status: res.statusCode ?? 0, bodyBytesRead: bytes, bodyTruncated: truncated }),
        reject,
      );
    });
    req.on('error', reject);
    req.end(request.body);
  });
}
