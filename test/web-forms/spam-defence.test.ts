import t from 'tap';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import {
  checkFillToken,
  checkProof,
  honeypotFilled,
  HourlyLimiter,
  makeChallenge,
  MAX_TOKEN_AGE_MS,
  MIN_FILL_MS,
  normalizeOrigin,
  signFillToken,
} from '../../server/modules/web-forms/spam-defence.js';
import {
  checkFields,
  checkOrigins,
  defaultFields,
  readValues,
} from '../../server/modules/web-forms/form-definition.js';
import { solve } from './helpers.js';

const SECRET = 'test-secret-of-this-desk';
const KEY = 'formKeyAAAAAAAAAAAAAAAAA';
const T0 = Date.parse('2026-12-07T09:00:00Z');
const nonce = fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/);

t.test('a fill token is accepted between 3 s and 2 h after it was signed, and only then', async (t) => {
  fc.assert(
    fc.property(nonce, fc.integer({ min: -10_000, max: MAX_TOKEN_AGE_MS + 10_000 }), (n, age) => {
      const token = signFillToken(SECRET, KEY, T0, n);
      const check = checkFillToken(SECRET, KEY, token, T0 + age);
      if (age < MIN_FILL_MS) return !check.ok && check.refusal === 'too_fast';
      if (age > MAX_TOKEN_AGE_MS) return !check.ok && check.refusal === 'token_expired';
      return check.ok && check.issuedMs === T0;
    }),
  );
  t.pass('fill-time and age bounds hold for any nonce and age');
});

t.test('a fill token cannot be moved in time, carried to another form or signed without the secret', async (t) => {
  fc.assert(
    fc.property(nonce, fc.integer({ min: 1, max: 3_600_000 }), (n, shift) => {
      const [, nn, mac] = signFillToken(SECRET, KEY, T0, n).split('.');
      const moved = checkFillToken(SECRET, KEY, `${T0 - shift}.${nn}.${mac}`, T0 + 10_000);
      const otherForm = checkFillToken(
        SECRET,
        'otherFormBBBBBBBBBBBBBBB',
        signFillToken(SECRET, KEY, T0, n),
        T0 + 10_000,
      );
      const otherDesk = checkFillToken(SECRET, KEY, signFillToken('another-secret', KEY, T0, n), T0 + 10_000);
      return [moved, otherForm, otherDesk].every((c) => !c.ok && c.refusal === 'token_forged');
    }),
  );
  for (const junk of [undefined, null, 42, '', 'abc', '1.2.3', `${T0}.short.x`]) {
    const check = checkFillToken(SECRET, KEY, junk, T0 + 10_000);
    t.same(check, { ok: false, refusal: 'token_malformed' }, `${String(junk)} is malformed`);
  }
});

t.test('the honeypot: anything in it means a script', async (t) => {
  t.equal(honeypotFilled(undefined), false);
  t.equal(honeypotFilled(''), false);
  fc.assert(fc.property(fc.string({ minLength: 1 }), (s) => honeypotFilled(s)));
  t.equal(honeypotFilled(0), true);
});

t.test('proof-of-work: solved, signed, bound to the form and unexpired; verified in under 2 ms', async (t) => {
  const c = await makeChallenge(SECRET, KEY, T0, 20_000);
  const payload = solve({ ...c });
  t.same(await checkProof(SECRET, KEY, payload, T0 + 1_000), {
    ok: true,
    signature: c.signature,
    expiresMs: Math.floor((T0 + MAX_TOKEN_AGE_MS) / 1000) * 1000,
  });
  t.same(
    await checkProof(SECRET, KEY, JSON.parse(Buffer.from(payload, 'base64').toString()), T0),
    {
      ok: true,
      signature: c.signature,
      expiresMs: Math.floor((T0 + MAX_TOKEN_AGE_MS) / 1000) * 1000,
    },
    'as an object too',
  );
  t.match(await checkProof(SECRET, KEY, payload, T0 + MAX_TOKEN_AGE_MS + 1_000), {
    ok: false,
    refusal: 'proof_expired',
  });
  t.match(await checkProof(SECRET, 'otherFormBBBBBBBBBBBBBBB', payload, T0), { ok: false, refusal: 'proof_invalid' });
  t.match(await checkProof('another-secret', KEY, payload, T0), { ok: false, refusal: 'proof_invalid' });
  t.match(await checkProof(SECRET, KEY, undefined, T0), { ok: false, refusal: 'proof_missing' });
  t.match(await checkProof(SECRET, KEY, 'not base64 json', T0), { ok: false, refusal: 'proof_invalid' });
  const p = JSON.parse(Buffer.from(payload, 'base64').toString());
  t.match(await checkProof(SECRET, KEY, { ...p, number: p.number + 1 }, T0), { ok: false, refusal: 'proof_invalid' });
  t.match(await checkProof(SECRET, KEY, { ...p, salt: p.salt.replace('form=', 'form=x') }, T0), {
    ok: false,
    refusal: 'proof_invalid',
  });
  const runs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await checkProof(SECRET, KEY, payload, T0);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  const median = runs[100]!;
  t.ok(median < 2, `server verify median ${median.toFixed(3)} ms (≤ 2 ms)`);
});

t.test('hourly limits: all keys or none, a sliding hour, a bounded map', async (t) => {
  const limiter = new HourlyLimiter(3);
  const keys = (ip: string) => [
    { key: `ip|${ip}`, limit: 2 },
    { key: 'total', limit: 3 },
  ];
  t.ok(limiter.take(keys('a'), T0).ok);
  t.ok(limiter.take(keys('a'), T0 + 1).ok);
  t.match(limiter.take(keys('a'), T0 + 2), { ok: false, key: 'ip|a' });
  t.ok(limiter.take(keys('b'), T0 + 3).ok, 'the refused attempt took nothing from the total');
  t.match(limiter.take(keys('c'), T0 + 4), { ok: false, key: 'total' });
  t.ok(limiter.take(keys('c'), T0 + 3600_000).ok, 'an hour later the first ones no longer count');
  for (let i = 0; i < 10; i++) limiter.take([{ key: `k${i}`, limit: 5 }], T0);
  t.ok(limiter.size <= 3, 'never more keys than its bound');
});

t.test('origins and fields', async (t) => {
  t.equal(normalizeOrigin('HTTPS://Client.Example:443/'), 'https://client.example');
  t.equal(normalizeOrigin('http://localhost:8080'), 'http://localhost:8080');
  for (const bad of [
    'ftp://x.example',
    'https://x.example/path',
    'https://u:p@x.example',
    'x.example',
    'javascript:alert(1)',
  ])
    t.equal(normalizeOrigin(bad), null, bad);
  t.same(checkOrigins(['https://a.example', 'https://A.example/']), ['https://a.example']);
  t.throws(() => checkOrigins([]), { message: /at least one site/ });
  t.throws(
    () =>
      checkFields([...defaultFields(), { name: 'token', type: 'text', label: { ru: 'x', en: 'x' }, required: false }]),
    { message: /reserved/ },
  );
  const fields = checkFields([
    ...defaultFields(),
    { name: 'topic', type: 'select', label: { ru: 'Тема', en: 'Topic' }, required: true, options: ['Bug', 'Idea'] },
  ]);
  const filled = readValues(
    fields,
    { name: ' Ann ', email: 'Ann@Client.Example', message: 'Line one\r\nline two', topic: 'Bug' },
    'en',
    'Site',
  );
  t.same(filled, {
    name: 'Ann',
    email: 'ann@client.example',
    subject: 'Line one',
    text: 'Line one\nline two\n\nYour name: Ann\nE-mail: Ann@Client.Example\nTopic: Bug',
  });
  t.throws(() => readValues(fields, { email: 'nope', message: 'x', topic: 'Other' }, 'en', 'Site'), {
    message: /E-mail: not an e-mail address/,
  });
});
