// Examples for the OpenAPI document, made from a route's own JSON schema when the route gives none, and the
// names the document needs (operationId, a summary). Pure: no Fastify, no database.
//
// A route's own `examples` always win; these make sure every body and every answer in the document shows a
// value a client can copy, and the OpenAPI test validates each one against its schema.

type Schema = Record<string, unknown>;

const SAMPLE_INSTANT = '2026-12-04T10:00:00.000Z';
const SAMPLE_DAY = '2026-12-04';

/** Strings that fit common patterns of the desk's schemas, tried in order against a pattern. */
const PATTERN_CANDIDATES = [
  SAMPLE_DAY,
  '2026-12',
  '10:00',
  '10:00:00',
  SAMPLE_INSTANT,
  'P2',
  'ru',
  'en',
  '#336699',
  'example',
  'example-key',
  'Example',
  'a1b2c3d4',
  '7707083893',
  '770701001',
  '40702810900000000001',
  '044525225',
  '30101810400000000225',
  '1027700132195',
  '+79161234567',
  'https://desk.example.com',
  'smpp://sms.example.com:2775',
  'ann@client.example',
  '0',
  '1',
  '10',
  '100.00',
  '1.5',
];

const BY_FORMAT: Record<string, string> = {
  'date-time': SAMPLE_INSTANT,
  date: SAMPLE_DAY,
  time: '10:00:00Z',
  email: 'ann@client.example',
  uri: 'https://desk.example.com/path',
  url: 'https://desk.example.com/path',
  hostname: 'desk.example.com',
  ipv4: '192.0.2.10',
  ipv6: '2001:db8::10',
  uuid: '3f2a8c1e-6b7d-4e0f-9a1b-2c3d4e5f6a7b',
  regex: '^example$',
};

const BY_NAME: [RegExp, string][] = [
  [/month/i, '2026-11'],
  [/email/i, 'ann@client.example'],
  [/phone/i, '+79161234567'],
  [/url|link|href/i, 'https://desk.example.com/path'],
  [/language|locale|lang/i, 'en'],
  [/(^|_)at$|At$|instant/i, SAMPLE_INSTANT],
  [/date|day|from|to|until|since|on$/i, SAMPLE_DAY],
  [/timezone|zone/i, 'Europe/Moscow'],
  [/currency/i, 'RUB'],
  [/subject|title/i, 'Printer in room 301 does not print'],
  [/description|body|text|note|comment|message/i, 'The printer shows error E-13 since this morning.'],
  [/name/i, 'Example'],
];

function stringFor(schema: Schema, name: string | undefined): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const fits = (s: string) =>
    s.length >= minLength &&
    s.length <= maxLength &&
    (typeof schema.pattern !== 'string' || safeRegExp(schema.pattern)?.test(s) === true);
  const candidates: string[] = [];
  if (typeof schema.format === 'string' && BY_FORMAT[schema.format]) candidates.push(BY_FORMAT[schema.format]!);
  if (name) for (const [test, value] of BY_NAME) if (test.test(name)) candidates.push(value);
  candidates.push('example', ...PATTERN_CANDIDATES);
  // A pattern of alternatives (`^(line:[1-9]…|duty_manager|agent:…)$`): its plain words are candidates too.
  if (typeof schema.pattern === 'string') candidates.push(...literalsOf(schema.pattern));
  for (const c of candidates) if (fits(c)) return c;
  const padded = 'example'.padEnd(minLength, 'x').slice(0, Math.max(minLength, Math.min(7, maxLength)));
  return padded;
}

/** `^agent:[1-9][0-9]{0,9}$` → `agent:1`: a class becomes its first character, a count its least. */
function literalsOf(pattern: string): string[] {
  return pattern
    .replace(/^\^\(?|\)?\$$/g, '')
    .split('|')
    .map((part) =>
      part
        .replace(/\\d/g, '[1-9]')
        .replace(/\[\^?\\?(.)[^\]]*\](\{(\d+)(,\d*)?\}|[+*?])?/g, (_m, first: string, _q, min: string, _r) =>
          first.repeat(min === undefined ? 1 : Math.max(1, Number(min))),
        ),
    );
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

function numberFor(schema: Schema, integer: boolean, name: string | undefined): number {
  const min =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + (integer ? 1 : 0.5)
        : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  let value = name && /year/i.test(name) ? 2026 : name && /month/i.test(name) ? 12 : 1;
  if (min !== undefined && value < min) value = min;
  if (max !== undefined && value > max) value = max;
  if (typeof schema.multipleOf === 'number' && value % schema.multipleOf !== 0)
    value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
}

/**
 * A value valid against `schema` (as far as the schema's keywords above can tell). `refs` resolves `$ref`s to
 * shared schemas (`Problem`); `name` is the property the value is for (an e-mail field gets an address).
 */
export function exampleFor(schema: unknown, refs: Record<string, unknown> = {}, name?: string, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 12) return null;
  const s = schema as Schema;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('example' in s) return s.example;
  if ('const' in s) return s.const;
  if ('default' in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (typeof s.$ref === 'string') {
    const id = s.$ref.replace(/#.*$/, '');
    return exampleFor(refs[id], refs, name, depth + 1);
  }
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches) && branches.length > 0) {
    const nonNull = branches.find((b) => (b as Schema)?.type !== 'null') ?? branches[0];
    return exampleFor(nonNull, refs, name, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...s.allOf.map((part) => exampleFor(part, refs, name, depth + 1) as object));
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  const type = types.find((t) => t !== 'null') ?? types[0] ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(properties)) out[key] = exampleFor(value, refs, key, depth + 1);
      return out;
    }
    case 'array': {
      // A tuple (`[["10:00", "19:00"]]`): one value per position.
      const tuple = (Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : null) as
        unknown[] | null;
      if (tuple) return tuple.map((part) => exampleFor(part, refs, name, depth + 1));
      const item = exampleFor(s.items, refs, name, depth + 1);
      const minItems = typeof s.minItems === 'number' ? s.minItems : 1;
      if (s.uniqueItems && minItems > 1 && Array.isArray((s.items as Schema)?.anyOf)) {
        return ((s.items as Schema).anyOf as unknown[])
          .slice(0, minItems)
          .map((b) => exampleFor(b, refs, name, depth + 1));
      }
      return s.maxItems === 0 ? [] : Array.from({ length: Math.max(1, minItems) }, () => item);
    }
    case 'string':
      return stringFor(s, name);
    case 'integer':
      return numberFor(s, true, name);
    case 'number':
      return numberFor(s, false, name);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

/** `GET /api/v1/tickets/:id/comments` → `getTicketsIdComments`; `/reports/sla.pdf` → `getReportsSlaPdf`. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/.\-_{}:]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `activities` → `activity`, `addresses` → `address`, `settings` stays: the word for one of a collection. */
function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|sh|ch|x)es$/.test(word)) return word.replace(/es$/, '');
  if (/settings$|news$|status$/.test(word)) return word;
  return word.replace(/s$/, '');
}

/**
 * A plain summary for a route that has none, from its method and address: `GET /organizations/{id}/contacts`
 * → "List the contacts of an organization", `DELETE /rate-cards/{id}` → "Delete a rate card". Routes are
 * expected to carry their own; this only keeps the document from showing a blank line.
 */
export function summaryFor(method: string, url: string): string {
  const parts = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean);
  const isParam = (p: string) => p.startsWith(':') || p.startsWith('{');
  const words = (p: string) => p.replace(/[-_.]/g, ' ');
  const last = parts[parts.length - 1] ?? '';
  const endsOnOne = isParam(last);
  const literals = parts.filter((p) => !isParam(p));
  const subject = literals[literals.length - 1] ?? '';
  const owner = literals.length > 1 ? literals[literals.length - 2]! : null;
  const one = (w: string) => `${/^[aeiou]/i.test(w) ? 'an' : 'a'} ${words(singular(w))}`;
  const ofOwner = owner && parts.indexOf(owner) + 1 < parts.length && isParam(parts[parts.indexOf(owner) + 1]!);
  const thing = endsOnOne
    ? `${one(subject)}${ofOwner ? ` of ${one(owner)}` : ''}`
    : `the ${words(subject)}${ofOwner ? ` of ${one(owner)}` : ''}`;
  switch (method) {
    case 'GET':
      return endsOnOne || /settings$/.test(subject) ? `Read ${thing}` : `List ${thing}`;
    case 'POST':
      if (endsOnOne) return `Act on ${thing}`;
      return subject.endsWith('s')
        ? `Create ${one(subject)}${ofOwner ? ` of ${one(owner!)}` : ''}`
        : `Run “${words(subject)}”${ofOwner ? ` on ${one(owner!)}` : ''}`;
    case 'PATCH':
      return `Change ${thing}`;
    case 'PUT':
      return `Replace ${thing}`;
    case 'DELETE':
      return `Delete ${thing}`;
    default:
      return `${method} ${thing}`;
  }
}
