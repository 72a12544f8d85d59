import t from 'tap';
import fc from 'fast-check';
import {
  decodeCursor,
  encodeCursor,
  matchesTypes,
  parseTypes,
} from '../../server/modules/integration/events-cursor.js';
import { TokenRateLimiter } from '../../server/modules/auth/token-rate-limit.js';
import { apiScopes, legacyScope, parseScopes, scopeAllows } from '../../server/modules/auth/scopes.js';
import { exampleFor, operationIdFor, summaryFor } from '../../server/http/openapi-examples.js';

t.test('a cursor decodes to the id it was made of; anything else is not a cursor', async (t) => {
  fc.assert(fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (id) => decodeCursor(encodeCursor(id)) === id));
  t.equal(decodeCursor('42'), null, 'a bare id is not a cursor');
  t.equal(decodeCursor(''), null);
  t.equal(decodeCursor(Buffer.from('e2:5').toString('base64url')), null, 'another version');
  t.equal(decodeCursor('a'.repeat(100)), null);
});

t.test('type filters: exact names and families; a family matches only its own events', async (t) => {
  const parsed = parseTypes('ticket.created, agreement.*');
  t.same(parsed, { filter: { exact: ['ticket.created'], prefixes: ['agreement.'] } });
  if (!('filter' in parsed)) throw new Error('unreachable');
  t.ok(matchesTypes(parsed.filter, 'agreement.transitioned'));
  t.ok(matchesTypes(parsed.filter, 'ticket.created'));
  t.notOk(matchesTypes(parsed.filter, 'ticket.updated'));
  t.notOk(matchesTypes(parsed.filter, 'agreements_x.y'), 'the dot ends the family');
  t.same(parseTypes('%'), { invalid: '%' }, 'no LIKE wildcard gets through');
  t.same(parseTypes('*'), { invalid: '*' });
  t.same(parseTypes(undefined), { filter: { exact: [], prefixes: [] } }, 'no filter: every type');
});

t.test('the rate limiter allows exactly the limit per window and says when it resets', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 59_999 }), (limit, offset) => {
      const limiter = new TokenRateLimiter();
      // Windows are the clock's minutes (every node counts the same one): this one begins at 960,000.
      const start = 960_000;
      let allowed = 0;
      for (let i = 0; i < limit + 5; i++)
        if (limiter.take(1, limit, start + Math.floor((offset * i) / (limit + 5))).allowed) allowed++;
      const after = limiter.take(1, limit, start + 60_000);
      const other = limiter.take(2, limit, start);
      return allowed === limit && after.allowed && after.remaining === limit - 1 && other.allowed;
    }),
  );
  const limiter = new TokenRateLimiter();
  limiter.take(7, 2, 0);
  const v = limiter.take(7, 2, 59_100);
  t.same(v, { allowed: true, limit: 2, remaining: 0, resetSeconds: 1 });
});

t.test('scopes: what each allows, the stored form and the legacy word', async (t) => {
  for (const scope of apiScopes) t.ok(scopeAllows([scope], scope), `${scope} allows itself`);
  fc.assert(
    fc.property(fc.subarray([...apiScopes]), fc.constantFrom(...apiScopes), (held, needed) => {
      const allowed = scopeAllows(held, needed);
      if (needed === 'read') return allowed === held.includes('read');
      return allowed === (held.includes(needed) || held.includes('write') || held.includes('admin'));
    }),
  );
  t.same(parseScopes('["read","bogus","tickets:write"]'), ['read', 'tickets:write']);
  t.same(parseScopes('not json'), []);
  t.equal(legacyScope(['read']), 'read');
  t.equal(legacyScope(['read', 'tickets:write']), 'write');
});

t.test('examples follow their schema: formats, patterns, tuples, bounds; operationIds are stable words', async (t) => {
  t.equal(exampleFor({ type: 'string', format: 'date-time' }), '2026-12-04T10:00:00.000Z');
  t.equal(exampleFor({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), '2026-12-04');
  t.equal(
    exampleFor({ type: 'string', pattern: '^(line:[1-9][0-9]{0,2}|duty_manager|agent:[1-9][0-9]{0,9})$' }),
    'line:10',
  );
  t.same(exampleFor({ type: 'array', items: [{ type: 'string', pattern: '^\\d{2}:\\d{2}$' }, { type: 'string' }] }), [
    '10:00',
    'example',
  ]);
  t.equal(exampleFor({ type: 'integer', minimum: 5, maximum: 9 }), 5);
  t.equal(exampleFor({ type: ['string', 'null'] }, {}, 'email'), 'ann@client.example');
  t.same(
    exampleFor({ $ref: 'Problem' }, { Problem: { type: 'object', properties: { status: { type: 'integer' } } } }),
    {
      status: 1,
    },
  );
  t.equal(operationIdFor('GET', '/api/v1/tickets/{id}/comments'), 'getTicketsIdComments');
  t.equal(operationIdFor('GET', '/api/v1/reports/sla.pdf'), 'getReportsSlaPdf');
  t.equal(summaryFor('GET', '/api/v1/organizations/{id}/contacts'), 'List the contacts of an organization');
  t.equal(
    summaryFor('DELETE', '/api/v1/organizations/{id}/addresses/{addressId}'),
    'Delete an address of an organization',
  );
  t.equal(summaryFor('POST', '/api/v1/worklog-activities'), 'Create a worklog activity');
  t.equal(summaryFor('POST', '/api/v1/calendars/{id}/between'), 'Run “between” on a calendar');
  t.equal(summaryFor('GET', '/api/v1/time-settings'), 'Read the time settings');
});
