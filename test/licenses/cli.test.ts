import t from 'tap';
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { licenseClaims } from '../../licenses/vendor.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';
import {
  licenseHeader,
  licenseRequest,
  mintLicense,
  mintNode,
  mintRevocations,
  signRaw,
  signText,
  testJwksFile,
  testKeySet,
  testPrivateKey,
} from '../helpers/licenses.js';
import { cliCommand } from '../helpers/cli-command.js';

const jwks = fileURLToPath(testJwksFile);

/** Runs the CLI without blocking, so the many refusal cases run side by side. */
function cli(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cliCommand()[0], [...cliCommand()[1], ...args], {
      env: { ...process.env, ONDESK_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

t.test('vendor toolkit: keygen, issue-license, issue-node, revoke; license verify', async (t) => {
  const dir = tempDir(t);
  const keys = join(dir, 'keys');
  const gen = runCli(['vendor', 'keygen', '--out', keys, '--kid', 'acme-2026']);
  t.equal(gen.code, 0, gen.stderr);
  t.equal(statSync(join(keys, 'private.jwk.json')).mode & 0o777, 0o600, 'the private key file is 0600');
  const printed = JSON.parse(gen.stdout);
  t.same(printed, JSON.parse(readFileSync(join(keys, 'jwks.json'), 'utf8')), 'prints the public key set it wrote');
  t.equal(printed.keys[0].kid, 'acme-2026');
  t.notOk('d' in printed.keys[0], 'no private part in the public set');
  t.equal(runCli(['vendor', 'keygen', '--out', keys]).code, 2, 'never overwrites a key');

  const lic = runCli([
    'vendor',
    'issue-license',
    '--key',
    join(keys, 'private.jwk.json'),
    '--customer',
    'c-42',
    '--name',
    'ООО Ромашка',
    '--seats',
    '25',
    '--nodes',
    '2',
    '--tier',
    'premium',
    '--features',
    'sla,reports',
    '--term-end',
    '2027-12-31T23:59:59Z',
    '--lsq',
    '3',
  ]);
  t.equal(lic.code, 0, lic.stderr);
  const licFile = join(dir, 'license.jwt');
  writeFileSync(licFile, lic.stdout);
  const ok = runCli([
    'license',
    'verify',
    '--token-file',
    licFile,
    '--jwks',
    join(keys, 'jwks.json'),
    '--now',
    '2027-01-01T00:00:00Z',
  ]);
  t.equal(ok.code, 0, ok.stderr);
  const claims = JSON.parse(ok.stdout);
  t.match(claims, {
    iss: 'ondesk-vendor',
    aud: 'ondesk',
    sub: 'c-42',
    seats: 25,
    nodes: 2,
    tier: 'premium',
    features: ['reports', 'sla'],
    lsq: 3,
    ver: 1,
    customer: { name: 'ООО Ромашка' },
  });
  t.equal(claims.exp - claims.term_end, 14 * 86400, 'grace of 14 days by default');
  t.match(ok.stderr, /checked against the key set in .*jwks\.json, not the keys this product trusts/, '--jwks says so');
  const fromStdin = runCli(['license', 'verify', '--jwks', join(keys, 'jwks.json'), '--now', '2027-01-01T00:00:00Z'], {
    input: lic.stdout,
  });
  t.equal(fromStdin.code, 0, 'the token may come on stdin');
  const product = runCli(['license', 'verify', '--token-file', licFile]);
  t.equal(product.code, 2, 'the product itself does not trust a key it was not built with');
  t.match(product.stderr, /token refused: unknown key "acme-2026"/);
  t.match(product.stderr, /— not signed by this product's vendor key: ask your vendor for a license\n$/, 'what next');
  t.equal(product.stderr.trim().split('\n').length, 1, 'one line');

  const node = runCli([
    'vendor',
    'issue-node',
    '--key',
    join(keys, 'private.jwk.json'),
    '--license-file',
    licFile,
    '--node-id',
    'node-7',
  ]);
  t.equal(node.code, 0, node.stderr);
  const nodeFile = join(dir, 'node.jwt');
  writeFileSync(nodeFile, node.stdout);
  const nodeOk = runCli([
    'license',
    'verify',
    '--token-file',
    nodeFile,
    '--jwks',
    join(keys, 'jwks.json'),
    '--node-id',
    'node-7',
    '--now',
    '2027-01-01T00:00:00Z',
  ]);
  t.equal(nodeOk.code, 0, nodeOk.stderr);
  t.equal(JSON.parse(nodeOk.stdout).lic, claims.jti);
  const wrongNode = runCli([
    'license',
    'verify',
    '--token-file',
    nodeFile,
    '--jwks',
    join(keys, 'jwks.json'),
    '--node-id',
    'node-8',
    '--now',
    '2027-01-01T00:00:00Z',
  ]);
  t.equal(wrongNode.code, 2);
  t.match(wrongNode.stderr, /wrong node/);
  const asLicense = runCli(['license', 'verify', '--token-file', nodeFile, '--jwks', join(keys, 'jwks.json')]);
  t.match(asLicense.stderr, /this is a node token, a license token is expected/);

  const rev = runCli(['vendor', 'revoke', '--key', join(keys, 'private.jwk.json'), '--jti', claims.jti, 'other-id']);
  t.equal(rev.code, 0, rev.stderr);
  const revFile = join(dir, 'revocations.jwt');
  writeFileSync(revFile, rev.stdout);
  const revoked = runCli([
    'license',
    'verify',
    '--token-file',
    licFile,
    '--jwks',
    join(keys, 'jwks.json'),
    '--revocations',
    revFile,
    '--now',
    '2027-01-01T00:00:00Z',
  ]);
  t.equal(revoked.code, 2);
  t.match(revoked.stderr, /revoked/);

  const badTier = runCli([
    'vendor',
    'issue-license',
    '--key',
    join(keys, 'private.jwk.json'),
    '--customer',
    'c',
    '--name',
    'n',
    '--seats',
    '2.5',
    '--nodes',
    '1',
    '--tier',
    'gold',
    '--term-end',
    '2027-01-01',
  ]);
  t.equal(badTier.code, 2);
  t.match(badTier.stderr, /--tier must be one of 8x5, 24x7, premium|--seats must be a whole number/);
  t.equal(
    runCli([
      'vendor',
      'issue-license',
      '--key',
      join(dir, 'missing.json'),
      '--customer',
      'c',
      '--name',
      'n',
      '--seats',
      '2',
      '--nodes',
      '1',
      '--tier',
      '8x5',
      '--term-end',
      '2027-01-01',
    ]).code,
    2,
    'a missing key file',
  );
});

t.test('license verify refuses every forged or broken token with its reason (exit 2)', async (t) => {
  const dir = tempDir(t);
  const now = Date.parse('2026-11-25T12:00:00Z');
  const claims = licenseClaims(licenseRequest({}, now - 86_400_000));
  const valid = await signRaw(licenseHeader, { ...claims });
  const node = await mintNode(claims, 'node-a', undefined, now - 1000);
  const [h, p, s] = valid.split('.') as [string, string, string];
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const flip = (part: string, bit: number) => {
    const bytes = Buffer.from(part, 'base64url');
    bytes[bit >> 3]! ^= 1 << (bit & 7);
    return bytes.toString('base64url');
  };
  const rsa = (await generateKeyPair('RS256')).privateKey;
  const ec = (await generateKeyPair('ES256')).privateKey;
  const hsHead = `${b64({ alg: 'HS256', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })}.${p}`;
  const without = (name: string) => {
    const rest: Record<string, unknown> = { ...claims };
    delete rest[name];
    return signRaw(licenseHeader, rest);
  };
  const withClaim = (name: string, value: unknown) => signRaw(licenseHeader, { ...claims, [name]: value });
  const rev = await mintRevocations([claims.jti], 1);
  writeFileSync(join(dir, 'rev.jwt'), rev);
  const cases: Array<[string, string | Promise<string>, RegExp, string[]?]> = [
    [
      'alg none without signature',
      `${b64({ alg: 'none', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })}.${p}.`,
      /alg "none"/,
    ],
    [
      'alg none with signature',
      `${b64({ alg: 'none', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })}.${p}.${s}`,
      /alg "none"/,
    ],
    [
      'HS256 with the public key bytes',
      `${hsHead}.${createHmac('sha256', Buffer.from(testPrivateKey.x, 'base64url')).update(hsHead).digest('base64url')}`,
      /algorithm HS256/,
    ],
    [
      'RS256',
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })
        .sign(rsa),
      /algorithm RS256/,
    ],
    [
      'ES256',
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'ondesk-license+jwt', kid: testPrivateKey.kid })
        .sign(ec),
      /algorithm ES256/,
    ],
    ['unknown kid', signRaw({ ...licenseHeader, kid: 'nobody' }, { ...claims }), /unknown key/],
    ['missing kid', signRaw({ alg: 'EdDSA', typ: 'ondesk-license+jwt' }, { ...claims }), /missing kid/],
    ['kid with ../', signRaw({ ...licenseHeader, kid: '../keys/evil' }, { ...claims }), /invalid kid/],
    ['10 KB kid', signRaw({ ...licenseHeader, kid: 'k'.repeat(10240) }, { ...claims }), /too large/],
    ['embedded jwk', signRaw({ ...licenseHeader, jwk: testKeySet.keys[0] }, { ...claims }), /carries a key/],
    ['jku', signRaw({ ...licenseHeader, jku: 'https://evil.example/jwks' }, { ...claims }), /carries a key/],
    ['x5c', signRaw({ ...licenseHeader, x5c: ['MIIB'] }, { ...claims }), /carries a key/],
    ['unknown crit', signRaw({ ...licenseHeader, crit: ['zzz'], zzz: 1 }, { ...claims }), /crit/],
    ['node token presented as license', node.token, /node token, a license token is expected/],
    ['license presented as node token', valid, /license token, a node token is expected/, ['--node-id', 'node-a']],
    ['wrong typ', signRaw({ ...licenseHeader, typ: 'JWT' }, { ...claims }), /wrong typ/],
    ['missing typ', signRaw({ alg: 'EdDSA', kid: testPrivateKey.kid }, { ...claims }), /missing typ/],
    ['flipped signature bit', `${h}.${p}.${flip(s, 77)}`, /bad signature/],
    ['flipped payload bit', `${h}.${flip(p, 77)}.${s}`, /bad signature/],
    ['truncated signature', `${h}.${p}.${s.slice(0, 50)}`, /bad signature/],
    ['2 segments', `${h}.${p}`, /2 dot-separated parts/],
    ['5 segments', `${h}.${p}.${s}.x.y`, /5 dot-separated parts/],
    ['1 MB token', `${valid}${'A'.repeat(1 << 20)}`, /too large/],
    [
      'duplicate claim keys',
      signText(licenseHeader, JSON.stringify(claims).replace('"seats":10', '"seats":10,"seats":9999')),
      /duplicate key "seats"/,
    ],
    [
      '__proto__ in claims',
      signText(licenseHeader, JSON.stringify(claims).replace('{', '{"__proto__":{"seats":9999},')),
      /forbidden key "__proto__"/,
    ],
    ...Object.keys(claims).map((name): [string, Promise<string>, RegExp] => [
      `missing ${name}`,
      without(name),
      new RegExp(`missing claim ${name}`),
    ]),
    [
      'exp past',
      withClaim('exp', Math.floor(now / 1000) - 86400).then(async () =>
        signRaw(licenseHeader, {
          ...claims,
          exp: Math.floor(now / 1000) - 86400,
          term_end: Math.floor(now / 1000) - 90000,
        }),
      ),
      /expired on/,
    ],
    ['nbf future', withClaim('nbf', Math.floor(now / 1000) + 86400), /not yet valid/],
    ['exp as string', withClaim('exp', '2030-01-01'), /invalid claim exp/],
    ['exp as float', withClaim('exp', 1.9e9 + 0.25), /invalid claim exp/],
    ['exp 1e308', withClaim('exp', 1e308), /invalid claim exp/],
    ['wrong iss', withClaim('iss', 'evil-vendor'), /wrong issuer/],
    ['wrong aud', withClaim('aud', 'other-product'), /wrong audience/],
    ['seats "100"', withClaim('seats', '100'), /invalid claim seats/],
    ['seats 2.5', withClaim('seats', 2.5), /invalid claim seats/],
    ['seats -1', withClaim('seats', -1), /invalid claim seats/],
    ['seats 2^53', withClaim('seats', 2 ** 53), /invalid claim seats/],
    ['nodes 0', withClaim('nodes', 0), /invalid claim nodes/],
    ['unknown tier', withClaim('tier', 'platinum'), /invalid claim tier/],
    ['revoked jti', valid, /revoked/, ['--revocations', join(dir, 'rev.jwt')]],
    ['node token for another node', node.token, /wrong node/, ['--node-id', 'node-b']],
    [
      'build newer than upgrades_until',
      withClaim('upgrades_until', Math.floor(Date.parse('2020-01-01') / 1000)),
      /upgrade period ended/,
    ],
  ];
  const results = await inBatches(cases, 6, async ([name, token, , extra]) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.jwt`);
    writeFileSync(file, await token);
    return cli([
      'license',
      'verify',
      '--token-file',
      file,
      '--jwks',
      jwks,
      '--now',
      '2026-11-25T12:00:00Z',
      ...(extra ?? []),
    ]);
  });
  cases.forEach(([name, , reason], i) => {
    const r = results[i]!;
    t.equal(r.code, 2, `${name}: exit 2`);
    t.match(r.stderr, reason, `${name}: names the reason`);
    t.equal(r.stdout, '', `${name}: no claims printed`);
  });
  const good = await cli(['license', 'verify', '--jwks', jwks, '--now', '2026-11-25T12:00:00Z'], valid);
  t.equal(good.code, 0, 'and the valid one passes');
  const product = await cli(['license', 'verify', '--now', '2026-11-25T12:00:00Z'], valid);
  t.match(product.stderr, /unknown key "ondesk-test-1"/, 'a test-key token when the product key set is in force');
});

t.test('license apply, status, node id: the product side from the CLI', async (t) => {
  const dir = tempDir(t);
  const id = runCli(['node', 'id', '--data-dir', dir]);
  t.equal(id.code, 0, id.stderr);
  const nodeId = id.stdout.trim();
  t.match(nodeId, /^[0-9a-f]{32}$/);
  t.equal(runCli(['node', 'id', '--data-dir', dir]).stdout.trim(), nodeId, 'stable across runs');
  t.not(
    runCli(['node', 'id', '--data-dir', tempDir(t)]).stdout.trim(),
    nodeId,
    'another installation on this machine gets another id',
  );
  t.equal(runCli(['node', 'id', '--node-id', 'web-1']).stdout.trim(), 'web-1', 'overridable for containers');
  t.equal(
    runCli(['node', 'id', '--data-dir', dir], { env: { ONDESK_NODE_ID: 'web-2' } }).stdout.trim(),
    'web-2',
    'or by the nodeId setting',
  );

  const { token, claims } = await mintLicense({ seats: 12, nodes: 1 });
  const licFile = join(dir, 'license.jwt');
  writeFileSync(licFile, token);
  const untrusted = runCli(['license', 'apply', '--data-dir', dir, '--token-file', licFile]);
  t.equal(untrusted.code, 2, 'the product refuses a token signed by a key it does not trust');
  t.match(untrusted.stderr, /unknown key/);
  t.match(untrusted.stderr, /not signed by this product's vendor key: ask your vendor for a license/, 'what next');

  const applied = runCli(['license', 'apply', '--data-dir', dir, '--token-file', licFile], { trustTestKeys: true });
  t.equal(applied.code, 0, applied.stderr);
  t.match(applied.stdout, /License .* applied: 12 seats, 1 nodes/);
  const nodeToken = await mintNode(claims, nodeId);
  const nodeApplied = runCli(['license', 'apply', '--data-dir', dir], { trustTestKeys: true, input: nodeToken.token });
  t.equal(nodeApplied.code, 0, nodeApplied.stderr);
  t.match(nodeApplied.stdout, /\(this node\)/);
  const second = runCli(['license', 'apply', '--data-dir', dir], {
    trustTestKeys: true,
    input: (await mintNode(claims, 'other-node')).token,
  });
  t.equal(second.code, 2, 'a second node under a one-node license');
  t.match(second.stderr, /allows 1 node/);
  const status = runCli(['license', 'status', '--json', '--data-dir', dir], { trustTestKeys: true });
  t.equal(status.code, 0, status.stderr);
  t.match(JSON.parse(status.stdout), {
    mode: 'licensed',
    seats: { allowed: 12 },
    nodeLicensed: true,
    customer: { name: 'ООО Ромашка' },
    build: { kind: 'production', productKeyIds: ['ondesk-2026-1'], extraKeyIds: [] },
  });
  const byDefault = runCli(['license', 'status', '--data-dir', dir], { trustTestKeys: true });
  t.same(JSON.parse(byDefault.stdout), JSON.parse(status.stdout), 'JSON by default, as scripts have always read it');
  const human = runCli(['license', 'status', '--text', '--data-dir', dir], { trustTestKeys: true });
  t.equal(human.code, 0, human.stderr);
  t.match(human.stdout, /^Mode: {8}licensed — license \S+ of ООО Ромашка, tier 24x7$/m, 'for a person with --text');
  t.match(human.stdout, /^Seats: {7}0 of 12 active agents$/m);
  t.match(human.stdout, new RegExp(`^Nodes: {7}1 of 1 registered: ${nodeId} \\(this node\\) until `, 'm'));
  t.match(human.stdout, /^Build: {7}\d{4}-\d{2}-\d{2}, production: trusts the product key\(s\) ondesk-2026-1 only$/m);
  t.notMatch(human.stdout, /STAGING/, 'a production build never says staging');
});
