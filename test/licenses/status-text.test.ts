import t from 'tap';
import { buildTrust, buildTrustLine } from '../../licenses/build-trust.js';
import { licenseStatusText, type LicenseStatusView } from '../../server/modules/licensing/index.js';

/** The plain words of the build's trust and of `ondesk license status`, from the status alone (no build needed). */

const production = { kind: 'production' as const, productKeyIds: ['ondesk-2026-1'], extraKeyIds: [] };
const staging = { kind: 'staging' as const, productKeyIds: ['ondesk-2026-1'], extraKeyIds: ['qa-1', 'qa-2'] };

const status = (over: Partial<LicenseStatusView> = {}): LicenseStatusView => ({
  mode: 'free',
  licenseId: null,
  customer: null,
  tier: null,
  seats: { used: 3, allowed: 4 },
  nodes: { registered: [], allowed: 1 },
  termEnd: null,
  expiresAt: null,
  upgradesUntil: null,
  features: 'all',
  nodeId: 'node-a',
  nodeLicensed: false,
  buildDate: '2026-12-05T04:00:00.000Z',
  build: production,
  warnings: [],
  seatUsage: [],
  ...over,
});

t.test('the sources are a production build: no extra key', async (t) => {
  t.same(buildTrust, production);
  t.equal(buildTrustLine(), 'production build: trusts only the product key ondesk-2026-1');
});

t.test('a staging build is named and its extra keys listed', async (t) => {
  t.equal(
    buildTrustLine(staging),
    "STAGING build: besides the product key ondesk-2026-1 it trusts the extra keys qa-1, qa-2 — for the vendor's tests and acceptance, not for production",
  );
  t.equal(
    buildTrustLine({ ...staging, productKeyIds: ['k1', 'k2'], extraKeyIds: ['qa-1'] }),
    "STAGING build: besides the product keys k1, k2 it trusts the extra key qa-1 — for the vendor's tests and acceptance, not for production",
  );
});

t.test('license status for a person: the free mode of a production build', async (t) => {
  t.equal(
    licenseStatusText(status()),
    [
      'Mode:        free — no license in force',
      'Seats:       3 of 4 active agents',
      'Nodes:       0 of 1 registered',
      'This node:   node-a — no node token: the free mode',
      'Features:    all (free mode)',
      'Build:       2026-12-05, production: trusts the product key(s) ondesk-2026-1 only',
      '',
    ].join('\n'),
  );
});

t.test('license status for a person: a licensed staging build with a warning', async (t) => {
  const text = licenseStatusText(
    status({
      mode: 'licensed',
      licenseId: 'lic-1',
      customer: { id: 'c1', name: 'ООО Ромашка' },
      tier: '24x7',
      seats: { used: 5, allowed: 10 },
      nodes: {
        registered: [
          { nodeId: 'node-a', expiresAt: '2027-12-19T00:00:00.000Z', appliedAt: '2026-12-05T00:00:00.000Z' },
          { nodeId: 'node-b', expiresAt: '2027-12-19T00:00:00.000Z', appliedAt: '2026-12-05T00:00:00.000Z' },
        ],
        allowed: 2,
      },
      termEnd: '2027-12-05T00:00:00.000Z',
      expiresAt: '2027-12-19T00:00:00.000Z',
      upgradesUntil: '2027-12-05T00:00:00.000Z',
      features: ['reports', 'sla'],
      nodeLicensed: true,
      build: staging,
      warnings: [
        { code: 'staging-build', level: 'warning', message: 'This is a STAGING build: …' },
        { code: 'term-ending', level: 'critical', days: 7, message: 'The license ends on 2027-12-05 (7 days left).' },
      ],
    }),
  );
  t.equal(
    text,
    [
      'STAGING BUILD — also trusts the extra keys qa-1, qa-2; not for production',
      '',
      'Mode:        licensed — license lic-1 of ООО Ромашка, tier 24x7',
      'Paid until:  2027-12-05 (valid until 2027-12-19 with grace)',
      'Seats:       5 of 10 active agents',
      'Nodes:       2 of 2 registered: node-a (this node) until 2027-12-19, node-b until 2027-12-19',
      'This node:   node-a — runs under the license',
      'Features:    reports, sla',
      'Updates:     until 2027-12-05',
      'Build:       2026-12-05, STAGING: trusts the product key(s) ondesk-2026-1 and the extra key(s) qa-1, qa-2',
      '',
      'Warnings:',
      '  !! The license ends on 2027-12-05 (7 days left).',
      '',
    ].join('\n'),
    'the staging line heads the text once, not again among the warnings',
  );
});
