import type { licenseStatus } from './licensing.service.js';

export type LicenseStatusView = Awaited<ReturnType<typeof licenseStatus>>;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/**
 * `ondesk license status` for a person: the mode, the license, seats, nodes, the build and every warning, one
 * fact a line. Pure: the same status the API returns (`--json` prints that as it is).
 */
export function licenseStatusText(s: LicenseStatusView): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${`${label}:`.padEnd(12)} ${value}`);
  if (s.build.kind === 'staging')
    lines.push(
      `STAGING BUILD — also trusts the extra key${s.build.extraKeyIds.length === 1 ? '' : 's'} ${s.build.extraKeyIds.join(', ')}; not for production`,
      '',
    );
  row(
    'Mode',
    s.licenseId
      ? `${s.mode} — license ${s.licenseId} of ${s.customer?.name ?? '—'}, tier ${s.tier ?? '—'}`
      : `${s.mode} — no license in force`,
  );
  if (s.licenseId) row('Paid until', `${day(s.termEnd)} (valid until ${day(s.expiresAt)} with grace)`);
  row('Seats', `${s.seats.used} of ${s.seats.allowed} active agents`);
  const nodes = s.nodes.registered.map(
    (n) => `${n.nodeId}${n.nodeId === s.nodeId ? ' (this node)' : ''} until ${day(n.expiresAt)}`,
  );
  row(
    'Nodes',
    `${s.nodes.registered.length} of ${s.nodes.allowed} registered${nodes.length ? `: ${nodes.join(', ')}` : ''}`,
  );
  row('This node', `${s.nodeId} — ${s.nodeLicensed ? 'runs under the license' : 'no node token: the free mode'}`);
  row('Features', s.features === 'all' ? 'all (free mode)' : s.features.length ? s.features.join(', ') : 'none');
  if (s.upgradesUntil) row('Updates', `until ${day(s.upgradesUntil)}`);
  const keys = (ids: string[]) => ids.join(', ');
  row(
    'Build',
    s.build.kind === 'staging'
      ? `${day(s.buildDate)}, STAGING: trusts the product key(s) ${keys(s.build.productKeyIds)} and the extra key(s) ${keys(s.build.extraKeyIds)}`
      : `${day(s.buildDate)}, production: trusts the product key(s) ${keys(s.build.productKeyIds)} only`,
  );
  const others = s.warnings.filter((w) => w.code !== 'staging-build');
  if (others.length) {
    lines.push('', 'Warnings:');
    for (const w of others) lines.push(`  ${w.level === 'critical' ? '!!' : ' !'} ${w.message}`);
  }
  return `${lines.join('\n')}\n`;
}
