import { SmsError, type SmsProvider } from './sms-provider-contract.js';

export interface HttpGatewayOptions {
  url: string;
  method: 'GET' | 'POST';
  /** With {{to}}, {{text}}, {{from}}: the POST body, or for GET the query string added to the URL. */
  body?: string;
  contentType?: string;
  /** "Header-Name: value". */
  authHeader?: string;
  from?: string;
  timeoutMs?: number;
}

const DEFAULT_JSON_BODY = '{"to":"{{to}}","text":"{{text}}","from":"{{from}}"}';

/** Escapes a value for where it lands, so a message text can never break the gateway's request format. */
function escaperFor(method: 'GET' | 'POST', contentType: string): (v: string) => string {
  if (method === 'GET' || contentType.includes('x-www-form-urlencoded')) return encodeURIComponent;
  if (contentType.includes('json')) return (v) => JSON.stringify(v).slice(1, -1);
  if (contentType.includes('xml')) return (v) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (v) => v;
}

function fillTemplate(template: string, values: Record<string, string>, escape: (v: string) => string) {
  return template.replace(/\{\{\s*(to|text|from)\s*\}\}/g, (_m, name: string) => escape(values[name] ?? ''));
}

function parseHeader(line: string | undefined): [string, string] | null {
  if (!line) return null;
  const at = line.indexOf(':');
  if (at <= 0) throw new Error(`smsHttpAuthHeader must look like "Name: value", not "${line.slice(0, 20)}…"`);
  return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
}

/** A configurable HTTP SMS gateway: enough for the common CIS SMS APIs (SMS.ru, SMSC, SMS Aero, MTS Exolve). */
export function httpGateway(options: HttpGatewayOptions): SmsProvider {
  const contentType = options.contentType ?? (options.method === 'POST' ? 'application/json' : '');
  const template =
    options.body ?? (options.method === 'POST' ? DEFAULT_JSON_BODY : 'to={{to}}&text={{text}}&from={{from}}');
  const escape = escaperFor(options.method, contentType);
  const auth = parseHeader(options.authHeader);
  const host = new URL(options.url).host;
  return {
    name: `http:${host}`,
    async send(to, text) {
      const filled = fillTemplate(template, { to, text, from: options.from ?? '' }, escape);
      const url =
        options.method === 'GET' ? `${options.url}${options.url.includes('?') ? '&' : '?'}${filled}` : options.url;
      const headers: Record<string, string> = {};
      if (options.method === 'POST' && contentType) headers['content-type'] = contentType;
      if (auth) headers[auth[0]] = auth[1];
      let res: Response;
      try {
        res = await fetch(url, {
          method: options.method,
          headers,
          body: options.method === 'POST' ? filled : undefined,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new SmsError(`SMS gateway ${host} unreachable: ${(err as Error).message}`, false);
      }
      const answer = (await res.text().catch(() => '')).slice(0, 300);
      if (!res.ok) {
        // 4xx other than throttling means the request itself is wrong: resending it cannot help.
        const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
        throw new SmsError(`SMS gateway ${host} answered ${res.status}: ${answer}`, permanent);
      }
      let messageId: string | null = null;
      try {
        const json = JSON.parse(answer) as Record<string, unknown>;
        const id = json.id ?? json.message_id ?? json.messageId;
        if (typeof id === 'string' || typeof id === 'number') messageId = String(id);
      } catch {
        // Plain-text answers are fine; there is just no id to keep.
      }
      return { messageId };
    },
  };
}
