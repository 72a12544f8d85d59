import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { productRoot } from '../../server/shared/paths.js';
import { generateSigningKey, licenseClaims, nodeClaims } from '../../licenses/vendor.js';
import { licenseRequest, signRaw, testPrivateKey } from '../helpers/licenses.js';
import { tempDir } from '../helpers/installation.js';
import { fitsScreen, launchChromium, openDeskPage, signIn, VIEWPORTS } from '../helpers/browser.js';
import { waitForUrl } from '../helpers/cli.js';
import { UI_PASSWORD } from '../helpers/ui-desk.js';

/**
 * Vendor staging builds, built for real: `ONDESK_BUILD_TRUST_KEYS=<public JWK set> node bin/build.mjs` into a
 * directory of this test (inside the checkout, so the build finds node_modules; never the dist/ other tests run),
 * then the CLI and the server of that build. A token signed by the extra key is accepted there and refused by a
 * normal build made afterwards into the same directory with `--if-needed`.
 */

const buildScript = join(productRoot, 'bin', 'build.mjs');
mkdirSync(join(productRoot, 'tmp'), { recursive: true });
const work = mkdtempSync(join(productRoot, 'tmp', 'staging-build-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const out = join(work, 'out');

function build(outDir: string, trustKeys: string | undefined, extra: string[] = []) {
  const env = { ...process.env };
  delete env.ONDESK_BUILD_TRUST_KEYS;
  if (trustKeys !== undefined) env.ONDESK_BUILD_TRUST_KEYS = trustKeys;
  // The build runs as `npm run build` does: tap's process-info hook (which it puts back into NODE_OPTIONS of every
  // node it sees spawned) would load the compiler through a require hook it cannot run under.
  const res = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, buildScript, '--out-dir', outDir, ...extra], {
    encoding: 'utf8',
    env,
    timeout: 600_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The CLI of the build in `out` (not the sources): what an installation of that build runs. */
function ondesk(args: string[], input?: string) {
  const res = spawnSync(process.execPath, [join(out, 'server', 'cli', 'main.js'), ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, ONDESK_LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const writeJson = (name: string, value: unknown) => {
  const file = join(work, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const stagingKey = await generateSigningKey('qa-staging-1');
const stagingJwks = writeJson('staging-jwks.json', { keys: [stagingKey.publicJwk] });
const compiledKeys = () => readFileSync(join(out, 'licenses', 'staging-keys.js'), 'utf8');
const stampOf = (dir: string) => readFileSync(join(dir, '.build-stamp'), 'utf8');

const license = licenseClaims(licenseRequest({ seats: 10, nodes: 2 }));
const signLicense = (key = stagingKey.privateJwk) =>
  signRaw({ alg: 'EdDSA', typ: 'ondesk-license+jwt', kid: key.kid }, { ...license }, key);
const signNode = (nodeId: string, key = stagingKey.privateJwk) =>
  signRaw({ alg: 'EdDSA', typ: 'ondesk-node+jwt', kid: key.kid }, { ...nodeClaims(license, nodeId) }, key);

t.test('a key set that is not public Ed25519 keys with kids is refused before anything is compiled', async (t) => {
  const { x, kid } = stagingKey.publicJwk;
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'a private key in the set',
      { keys: [stagingKey.privateJwk] },
      /key #1 \(kid "qa-staging-1"\): holds private key material \("d"\): a build trusts public keys only/,
    ],
    ['a private key file', stagingKey.privateJwk, /this is a private key \(it has "d"\)/],
    [
      'an RSA private key',
      { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', p: 'AQ', q: 'AQ', kid: 'rsa-1' }] },
      /key #1 \(kid "rsa-1"\): holds private key material \("p", "q"\)/,
    ],
    [
      'an RSA public key',
      { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'rsa-1' }] },
      /kty "RSA" is not allowed: only "OKP" \(Ed25519\)/,
    ],
    ['another curve', { keys: [{ kty: 'OKP', crv: 'X25519', x, kid }] }, /crv "X25519" is not allowed/],
    [
      'another algorithm',
      { keys: [{ ...stagingKey.publicJwk, alg: 'ES256' }] },
      /alg "ES256" is not allowed: only "EdDSA"/,
    ],
    ['no kid', { keys: [{ kty: 'OKP', crv: 'Ed25519', x }] }, /key #1: has no kid/],
    ['a kid that is no key name', { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid: '../x' }] }, /kid must be/],
    ['a certificate chain', { keys: [{ ...stagingKey.publicJwk, x5c: ['MII'] }] }, /unknown member "x5c"/],
    [
      'a short x',
      { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', kid }] },
      /x must be the 32-byte Ed25519 public key/,
    ],
    [
      'the product key id',
      { keys: [{ ...stagingKey.publicJwk, kid: 'ondesk-2026-1' }] },
      /kid "ondesk-2026-1" is already the id of a product key/,
    ],
    [
      'two keys with one kid',
      { keys: [stagingKey.publicJwk, stagingKey.publicJwk] },
      /key #2 \(kid "qa-staging-1"\): the kid is used by another key of the set/,
    ],
    ['no keys', { keys: [] }, /the key set holds no key/],
    ['not JSON', '{"keys": [', /the key set is not valid JSON/],
  ];
  for (const [what, content, message] of cases) {
    const file = writeJson(`refused-${what.replace(/\W+/g, '-')}.json`, content);
    const dir = join(work, 'refused');
    const res = build(dir, file);
    t.equal(res.code, 2, `${what}: refused`);
    t.match(res.stderr, message, `${what}: the problem named`);
    t.match(res.stderr, new RegExp(`^build refused: ONDESK_BUILD_TRUST_KEYS=${file}`, 'm'), `${what}: which file`);
    t.notOk(existsSync(join(dir, 'licenses')), `${what}: nothing compiled`);
  }
  const missing = build(join(work, 'refused'), join(work, 'no-such-file.json'));
  t.equal(missing.code, 2);
  t.match(missing.stderr, /cannot read the key set: ENOENT/);
  const empty = build(join(work, 'refused'), '');
  t.equal(empty.code, 2);
  t.match(empty.stderr, /the variable is set but empty: unset it for a normal build/);
});

t.test('a staging build trusts the extra key and says so in the CLI, doctor, the API and the banner', async (t) => {
  const res = build(out, stagingJwks);
  t.equal(res.code, 0, res.stderr);
  t.match(res.stderr, /STAGING build — besides the product keys it trusts qa-staging-1/);
  t.match(compiledKeys(), /export const stagingKeys = Object\.freeze\(\[/);
  t.match(compiledKeys(), `"kid":"qa-staging-1"`);
  t.match(compiledKeys(), `"x":"${stagingKey.publicJwk.x}"`);
  t.notMatch(compiledKeys(), stagingKey.privateJwk.d, 'never a private part');
  t.match(stampOf(out), /^trust-keys: sha256:[0-9a-f]{64}$/m, 'the stamp records the keys');
  const stampedAt = statSync(join(out, '.build-stamp')).mtimeMs;
  const again = build(out, stagingJwks, ['--if-needed']);
  t.equal(again.code, 0, again.stderr);
  t.equal(statSync(join(out, '.build-stamp')).mtimeMs, stampedAt, '--if-needed: the same keys, nothing to do');

  const tokens = join(work, 'node-a.jwt');
  writeFileSync(tokens, await signNode('node-a'));
  const verified = ondesk(['license', 'verify', '--node-id', 'node-a', '--token-file', tokens]);
  t.equal(verified.code, 0, verified.stderr);
  t.match(JSON.parse(verified.stdout), { sub: 'node-a', lic: license.jti });
  t.match(verified.stderr, /note: signed by the staging key qa-staging-1: only a staging build that trusts it accepts/);
  const testKeyToken = writeJson('test-key.jwt', await signNode('node-a', testPrivateKey));
  const foreign = ondesk(['license', 'verify', '--node-id', 'node-a', '--token-file', testKeyToken]);
  t.equal(foreign.code, 2, 'a key neither the product nor the staging set holds');
  t.match(foreign.stderr, /unknown key "ondesk-test-1"/);

  const dataDir = tempDir(t);
  const nodeId = ondesk(['node', 'id', '--data-dir', dataDir]).stdout.trim();
  t.match(nodeId, /^[0-9a-f]{32}$/);
  const applied = ondesk(['license', 'apply', '--data-dir', dataDir], await signLicense());
  t.equal(applied.code, 0, applied.stderr);
  t.match(
    applied.stdout,
    /License .* applied: 10 seats, 2 nodes, .* — signed by the staging key qa-staging-1: only a staging build/,
  );
  const nodeApplied = ondesk(['license', 'apply', '--data-dir', dataDir], await signNode(nodeId));
  t.equal(nodeApplied.code, 0, nodeApplied.stderr);
  t.match(nodeApplied.stdout, /\(this node\) until .* — signed by the staging key qa-staging-1/);

  const human = ondesk(['license', 'status', '--text', '--data-dir', dataDir]);
  t.equal(human.code, 0, human.stderr);
  t.match(
    human.stdout,
    /^STAGING BUILD — also trusts the extra key qa-staging-1; not for production\n/,
    'the first line says it plainly',
  );
  t.match(human.stdout, /^Mode: {8}licensed — license /m);
  t.match(
    human.stdout,
    /^Build: {7}\d{4}-\d{2}-\d{2}, STAGING: trusts the product key\(s\) ondesk-2026-1 and the extra key\(s\) qa-staging-1$/m,
  );
  const json = ondesk(['license', 'status', '--json', '--data-dir', dataDir]);
  t.equal(json.code, 0, json.stderr);
  const status = JSON.parse(json.stdout);
  t.same(status.build, { kind: 'staging', productKeyIds: ['ondesk-2026-1'], extraKeyIds: ['qa-staging-1'] });
  t.equal(status.mode, 'licensed', 'the license signed by the staging key is in force');
  t.match(status.warnings[0], {
    code: 'staging-build',
    level: 'warning',
    message:
      "This is a STAGING build: besides the product key ondesk-2026-1 it trusts the extra key qa-staging-1 — for the vendor's tests and acceptance, not for production.",
  });
  const doctor = ondesk(['doctor', '--data-dir', dataDir]);
  t.match(
    doctor.stdout,
    /^WARN build: STAGING build: besides the product key ondesk-2026-1 it trusts the extra key qa-staging-1 — for the vendor's tests and acceptance, not for production\n {5}→ run a production build in production: `npm run build` without ONDESK_BUILD_TRUST_KEYS/m,
  );
  const doctorJson = JSON.parse(ondesk(['doctor', '--json', '--data-dir', dataDir]).stdout) as Array<{
    name: string;
    status: string;
  }>;
  t.match(
    doctorJson.find((c) => c.name === 'build'),
    { status: 'WARN' },
  );

  // The admin banner, from this build's own server.
  for (const [email, language] of [
    ['ru@staging.test', 'ru'],
    ['en@staging.test', 'en'],
  ] as const) {
    const created = ondesk(
      [
        'user',
        'create',
        '--email',
        email,
        '--name',
        `Admin ${language}`,
        '--role',
        'admin',
        '--language',
        language,
      ].concat(['--password-file', '-', '--data-dir', dataDir]),
      UI_PASSWORD,
    );
    t.equal(created.code, 0, created.stderr);
  }
  const server = spawn(
    process.execPath,
    [join(out, 'server', 'cli', 'main.js'), 'serve', '--data-dir', dataDir, '--port', '0'],
    {
      env: { ...process.env, ONDESK_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stopped = new Promise((resolve) => server.once('exit', resolve));
  t.teardown(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });
  const url = await waitForUrl(server);
  const browser = await launchChromium(t);
  const errors: string[] = [];
  const texts = {
    ru: 'Это STAGING-сборка: кроме ключей продукта она доверяет дополнительным ключам qa-staging-1. Лицензии и токены узлов, подписанные ими, действуют только в этой сборке. Не для рабочей эксплуатации.',
    en: 'This is a STAGING build: besides the product keys it trusts the extra keys qa-staging-1. Licenses and node tokens signed by them work only on this build. Not for production.',
  };
  for (const [language, viewport] of [
    ['ru', VIEWPORTS.phone],
    ['en', VIEWPORTS.wide],
    ['ru', VIEWPORTS.wide],
    ['en', VIEWPORTS.phone],
  ] as const) {
    const { page, context } = await openDeskPage(
      browser,
      language === 'ru' ? 'ru-RU' : 'en-GB',
      viewport,
      errors,
      /Failed to load resource/,
    );
    await signIn(page, url, `${language}@staging.test`);
    const strip = page.locator('[data-staging-build]');
    await strip.waitFor();
    t.equal(await strip.locator('.staging-badge').innerText(), 'STAGING');
    t.equal(
      await strip.locator('.license-banner-text').innerText(),
      texts[language],
      `${language}: the banner says it`,
    );
    t.equal(await strip.locator('button').count(), 0, 'not dismissable: it goes only with a production build');
    t.ok(await fitsScreen(page), `${language} ${viewport.width}: fits the screen`);
    await page.screenshot({ path: `/tmp/staging-banner-${language}-${viewport.width}.png` });

    await page.goto(`${url}/license`);
    await page.waitForSelector('.license-page [data-mode="licensed"]');
    t.equal(await page.locator('[data-staging-build]').count(), 0, 'the license page says it itself');
    t.equal(await page.locator('.license-warning[data-code="staging-build"]').innerText(), texts[language]);
    t.match(await page.locator('[data-build-kind="staging"]').innerText(), /qa-staging-1/);
    t.ok(await fitsScreen(page), `${language} ${viewport.width}: the license page fits the screen`);
    if (viewport.width === VIEWPORTS.phone.width)
      await page.screenshot({ path: `/tmp/staging-license-${language}-${viewport.width}.png`, fullPage: true });
    await context.close();
  }
  t.same(errors, [], 'no page error');
  server.kill('SIGTERM');
  await stopped;

  t.test('a normal build made after it with --if-needed trusts the product keys only', async (t) => {
    const normal = build(out, undefined, ['--if-needed']);
    t.equal(normal.code, 0, normal.stderr);
    t.notMatch(normal.stderr, /STAGING/);
    t.match(compiledKeys(), /^export const stagingKeys = \[\];$/m, 'the empty list tsc compiled');
    t.match(stampOf(out), /^trust-keys: none$/m);

    const refused = ondesk(['license', 'verify', '--node-id', 'node-a', '--token-file', tokens]);
    t.equal(refused.code, 2, 'the staging key signs nothing a normal build accepts');
    t.match(refused.stderr, /token refused: unknown key "qa-staging-1" — not signed by this product's vendor key/);

    const after = JSON.parse(ondesk(['license', 'status', '--json', '--data-dir', dataDir]).stdout);
    t.same(after.build, { kind: 'production', productKeyIds: ['ondesk-2026-1'], extraKeyIds: [] });
    t.equal(after.mode, 'free', 'the stored staging license is not in force in a normal build');
    t.same(
      after.warnings.map((w: { code: string }) => w.code),
      ['license-refused'],
    );
    t.match(after.warnings[0].message, /unknown key "qa-staging-1"/);
    const human = ondesk(['license', 'status', '--text', '--data-dir', dataDir]);
    t.notMatch(human.stdout, /STAGING/);
    t.match(human.stdout, /^Build: {7}\d{4}-\d{2}-\d{2}, production: trusts the product key\(s\) ondesk-2026-1 only$/m);
    t.match(
      ondesk(['doctor', '--data-dir', dataDir]).stdout,
      /^OK {3}build: production build: trusts only the product key ondesk-2026-1$/m,
    );
  });
});
