import type { LicenseClaims, NodeClaims } from '../../../licenses/claims.js';

/** What the product may do under its license at one instant. Pure: every input is in the snapshot. */

export const FREE_MODE = { seats: 4, nodes: 1 } as const;
/** Days before the end of the paid term on which admins are warned. */
export const WARNING_DAYS = [60, 30, 14, 7, 1] as const;
/** A clock further behind the highest time seen than this is reported. */
export const CLOCK_SETBACK_MS = 24 * 3600_000;
const DAY_MS = 86_400_000;

export type LicenseMode = 'free' | 'licensed' | 'grace' | 'expired';

export interface LicenseSnapshot {
  license: LicenseClaims | null;
  /** This node's valid node token for the applied license, if any. */
  nodeToken: NodeClaims | null;
  /** Why the stored license is not in force in this build (revoked, signature, upgrade period), if so. */
  licenseRefused?: string;
  nodeId: string;
  registeredNodes: number;
  activeAgents: number;
  /** The system clock now, and the highest time this installation has seen (epoch ms). */
  clockNow: number;
  highWater: number;
}

export interface LicenseWarning {
  code: 'term-ending' | 'grace' | 'expired' | 'no-node-token' | 'clock-set-back' | 'over-seats' | 'license-refused';
  level: 'info' | 'warning' | 'critical';
  message: string;
  /** For term-ending: the threshold crossed (60, 30, 14, 7 or 1 days). */
  days?: number;
}

export interface LicenseState {
  mode: LicenseMode;
  /** The instant licenses are judged at: never earlier than the highest time seen. */
  now: number;
  seats: number;
  nodes: number;
  /** `all` in free mode; otherwise exactly the licensed features (not listed = off). */
  features: 'all' | string[];
  canAddAgents: boolean;
  canAddNodes: boolean;
  /** Whether this node runs under the license (has a node token for its id). */
  nodeLicensed: boolean;
  warnings: LicenseWarning[];
}

const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The threshold (in WARNING_DAYS) the time left falls under, if any: 45 days left → 60. */
export function warningThreshold(msLeft: number): number | undefined {
  if (msLeft <= 0) return undefined;
  let crossed: number | undefined;
  for (const days of WARNING_DAYS) if (msLeft <= days * DAY_MS) crossed = days;
  return crossed;
}

export function evaluateLicense(s: LicenseSnapshot): LicenseState {
  const now = Math.max(s.clockNow, s.highWater);
  const warnings: LicenseWarning[] = [];
  if (s.clockNow < s.highWater - CLOCK_SETBACK_MS) {
    const hours = Math.round((s.highWater - s.clockNow) / 3600_000);
    warnings.push({
      code: 'clock-set-back',
      level: 'warning',
      message: `The system clock is ${hours} h behind the latest time this installation has seen (${new Date(s.highWater).toISOString()}); licenses are judged by that time, not the clock.`,
    });
  }
  const license = s.licenseRefused ? null : s.license;
  if (s.licenseRefused)
    warnings.push({
      code: 'license-refused',
      level: 'critical',
      message: `The applied license is not in force: ${s.licenseRefused}. Ondesk runs in the free mode; nothing stored is affected.`,
    });
  if (!license || !s.nodeToken) {
    if (license)
      warnings.push({
        code: 'no-node-token',
        level: 'warning',
        message: `A license is applied, but this node (${s.nodeId}) has no node token: it runs in the free mode (up to ${FREE_MODE.seats} active agents). Send the node id to the vendor and apply the node token you get.`,
      });
    const state: LicenseState = {
      mode: 'free',
      now,
      seats: FREE_MODE.seats,
      nodes: FREE_MODE.nodes,
      features: 'all',
      canAddAgents: true,
      canAddNodes: false,
      nodeLicensed: false,
      warnings,
    };
    return withSeatWarning(state, s.activeAgents);
  }
  const nowS = now / 1000;
  let mode: LicenseMode = 'licensed';
  if (nowS > license.exp) {
    mode = 'expired';
    warnings.push({
      code: 'expired',
      level: 'critical',
      message: `The license of ${license.customer.name} expired on ${date(license.exp)}: no new agents, nodes or licensed features until it is renewed. Everything stored stays available.`,
    });
  } else if (nowS > license.term_end) {
    mode = 'grace';
    warnings.push({
      code: 'grace',
      level: 'critical',
      message: `The paid term ended on ${date(license.term_end)}; everything keeps working until ${date(license.exp)}. Renew the license before then.`,
    });
  } else {
    const days = warningThreshold(license.term_end * 1000 - now);
    if (days !== undefined)
      warnings.push({
        code: 'term-ending',
        level: days <= 7 ? 'critical' : 'warning',
        days,
        message: `The license ends on ${date(license.term_end)} (${Math.ceil((license.term_end * 1000 - now) / DAY_MS)} days left). Renew it in time.`,
      });
  }
  const expired = mode === 'expired';
  const state: LicenseState = {
    mode,
    now,
    seats: license.seats,
    nodes: license.nodes,
    features: expired ? [] : license.features,
    canAddAgents: !expired,
    canAddNodes: !expired && s.registeredNodes < license.nodes,
    nodeLicensed: true,
    warnings,
  };
  return withSeatWarning(state, s.activeAgents);
}

function withSeatWarning(state: LicenseState, active: number): LicenseState {
  if (active > state.seats)
    state.warnings.push({
      code: 'over-seats',
      level: 'warning',
      message: `${active} agents are active but ${state.mode === 'free' ? 'the free mode allows' : 'the license allows'} ${state.seats}: no more can be added until some are deactivated.`,
    });
  return state;
}

/** Whether a licensed feature is on. Not listed in the license means off. */
export function featureEnabled(state: LicenseState, feature: string): boolean {
  return state.features === 'all' || state.features.includes(feature);
}

/** Why one more active agent is refused, or null when it fits. */
export function seatRefusal(state: LicenseState, activeAfter: number): string | null {
  if (!state.canAddAgents)
    return 'The license has expired: no new agents can be activated until it is renewed (existing agents keep working).';
  if (activeAfter > state.seats) {
    return state.mode === 'free'
      ? `The free mode allows ${state.seats} active agents; apply a license (and this node's token) for more, or deactivate an agent to free a seat.`
      : `The license allows ${state.seats} active agents (seats); deactivate an agent to free a seat or extend the license.`;
  }
  return null;
}
