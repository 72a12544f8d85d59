import type { TSchema } from '@sinclair/typebox';
import { ConfigSchema, type SecretKind } from '../config/config.js';

/**
 * What never leaves the machine in a backup without --include-secrets, or in a support bundle. Redaction follows
 * the structure of the settings, not a list of names someone must remember to extend:
 * - a setting whose schema carries `secret` (see SecretKind in config.ts) is redacted by that kind, at any depth
 *   (`mailboxes[].password` too);
 * - every string that looks like a URL loses its user:password@, every query value and its fragment, marked or not;
 * - a key the schema does not know is redacted whole: nothing says what it holds, so it fails closed.
 * Restore drops every setting that still holds REDACTED, so the admin enters it again instead of keeping a marker.
 */
export const REDACTED = '[redacted]';

/** The parts of a JSON schema redaction walks; TypeBox schemas are plain JSON schema objects. */
interface SchemaNode {
  secret?: SecretKind;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

/** What a redaction took out, so the same strings can be scrubbed from free text (logs) where no structure is. */
export type Removed = Set<string>;

const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;

const remember = (removed: Removed | undefined, value: string) => {
  if (value) removed?.add(value);
};

/**
 * smtp://user:secret@host/path?key=K#frag → smtp://user:[redacted]@host/path?key=[redacted]#[redacted].
 * Scheme, host, path and query keys stay: they tell the vendor where the desk connects and how. Parsed by hand,
 * not with URL(), which rewrites smpp:// and unusual hosts; the userinfo ends at the last "@" before the query,
 * so an unescaped "@" or ":" inside a password is still inside what is removed.
 */
export function redactUrl(value: string, removed?: Removed): string {
  const scheme = URL_START.exec(value)?.[0];
  if (!scheme) return value;
  let rest = value.slice(scheme.length);
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    remember(removed, rest.slice(hash + 1));
    fragment = rest.length > hash + 1 ? `#${REDACTED}` : '#';
    rest = rest.slice(0, hash);
  }
  let query: string | null = null;
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const at = rest.lastIndexOf('@');
  let userinfo = '';
  if (at >= 0) {
    const info = rest.slice(0, at);
    const colon = info.indexOf(':');
    // A user alone (no ":") is often a token in the user's place: it goes whole.
    if (colon >= 0) remember(removed, info.slice(colon + 1));
    else remember(removed, info);
    userinfo = `${colon >= 0 ? `${info.slice(0, colon)}:${REDACTED}` : REDACTED}@`;
    rest = rest.slice(at + 1);
  }
  const redactedQuery =
    query === null
      ? ''
      : `?${query
          .split('&')
          .map((pair) => {
            if (pair === '') return pair;
            const eq = pair.indexOf('=');
            // A bare item ("?APIKEY") is a value without a name: it goes whole.
            const v = eq < 0 ? pair : pair.slice(eq + 1);
            remember(removed, v);
            if (eq < 0) return REDACTED;
            return v === '' ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
          })
          .join('&')}`;
  return `${scheme}${userinfo}${rest}${redactedQuery}${fragment}`;
}

/** "Authorization: Bearer KEY" → "Authorization: [redacted]"; a line that is not "Name: value" goes whole. */
export function redactHeader(value: string, removed?: Removed): string {
  return value
    .split(/\r?\n/)
    .map((line) => {
      const colon = line.indexOf(':');
      if (line.trim() === '') return line;
      const v = colon > 0 ? line.slice(colon + 1).trim() : line;
      remember(removed, v);
      return colon > 0 ? `${line.slice(0, colon)}: ${REDACTED}` : REDACTED;
    })
    .join('\n');
}

/**
 * A body template goes whole. Keeping its placeholders and replacing "every literal" would need a parser for each
 * content type a gateway may take (JSON, form, XML, plain text, a login inside an XML attribute…), and one format
 * it misreads is a leaked key; the vendor loses little, since the desk's logs name the gateway and its answers.
 * Its literal pieces are remembered too, so a filled request body that reached a log is scrubbed as well.
 */
export function redactTemplate(value: string, removed?: Removed): string {
  remember(removed, value);
  for (const piece of value.split(/\{\{[^}]*\}\}|[\s&=?,;:"'{}<>[\]/\\]+/))
    if (piece.length >= TEMPLATE_PIECE_MIN) remember(removed, piece);
  return REDACTED;
}

/** Short template words ("json", "text", "sender") are field names, not keys; scrubbing them from logs helps no one. */
const TEMPLATE_PIECE_MIN = 8;

function redactString(value: string, kind: SecretKind | undefined, removed?: Removed): string {
  if (value === '') return value;
  switch (kind) {
    case undefined:
      return redactUrl(value, removed);
    case 'url':
      // A "URL" setting that is no URL is not understood, so nothing of it is kept.
      if (URL_START.test(value)) return redactUrl(value, removed);
      remember(removed, value);
      return REDACTED;
    case 'header':
      return redactHeader(value, removed);
    case 'template':
      return redactTemplate(value, removed);
    default:
      remember(removed, value);
      return REDACTED;
  }
}

/** A value secret as a whole (or of a key the schema does not know): every string in it goes. */
function redactWhole(value: unknown, removed?: Removed): unknown {
  if (typeof value === 'string') return redactString(value, true, removed);
  if (Array.isArray(value)) return value.map((v) => redactWhole(v, removed));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactWhole(v, removed)]));
  return value;
}

/** The schema a value of `node` may follow: a union (Optional, Union of literals) is searched for its shape. */
function shaped(node: SchemaNode | undefined, want: 'object' | 'array'): SchemaNode | undefined {
  if (!node) return undefined;
  if (want === 'object' && node.properties) return node;
  if (want === 'array' && node.items) return node;
  return node.anyOf?.map((n) => shaped(n, want)).find(Boolean);
}

/** Redacts `value` by walking `schema` (any TypeBox schema) beside it; `removed` collects every string taken out. */
export function redactBySchema(value: unknown, schema: TSchema, removed?: Removed): unknown {
  return redactNode(value, schema as SchemaNode, removed);
}

function redactNode(value: unknown, schema: SchemaNode | undefined, removed?: Removed): unknown {
  if (value === null || value === undefined) return value;
  if (schema === undefined) return redactWhole(value, removed);
  if (schema.secret !== undefined) {
    if (typeof value === 'string') return redactString(value, schema.secret, removed);
    return redactWhole(value, removed);
  }
  if (Array.isArray(value)) {
    const items = shaped(schema, 'array')?.items;
    return value.map((v) => redactNode(v, items, removed));
  }
  if (typeof value === 'object') {
    const node = shaped(schema, 'object');
    const extra = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        redactNode(v, Object.hasOwn(node?.properties ?? {}, k) ? node!.properties![k] : extra, removed),
      ]),
    );
  }
  if (typeof value === 'string') return redactString(value, undefined, removed);
  return value;
}

/** The installation's settings (ondesk.json, or the merged config), redacted by the config schema. */
export function redactSecrets(config: unknown, removed?: Removed): unknown {
  return redactBySchema(config, ConfigSchema, removed);
}

/** Every secret string in `config`, as redaction would take it out: what free text (logs) must not carry. */
export function secretStrings(config: unknown): string[] {
  const removed: Removed = new Set();
  redactSecrets(config, removed);
  return [...removed];
}

/** A password of three characters would blank every "abc" of a log; such a secret is weak whatever we do. */
const SCRUB_MIN = 4;

/**
 * Replaces every occurrence of `secrets` in free text, as written raw, JSON-escaped (a log line) or URL-encoded
 * (a gateway URL in an error), the longest first so a secret containing another is taken whole.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < SCRUB_MIN) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
    try {
      forms.add(decodeURIComponent(s));
    } catch {
      // Not percent-encoded: the raw form is enough.
    }
  }
  let out = text;
  for (const f of [...forms].filter((f) => f.length >= SCRUB_MIN).sort((a, b) => b.length - a.length))
    out = out.split(f).join(REDACTED);
  return out;
}

export function containsRedacted(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes(REDACTED);
}
