import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';

/**
 * Preflight: everything `ondesk install` needs from the machine, checked before anything is written.
 * Probes gather facts (and change nothing); `evaluatePreflight` is pure and turns facts into verdicts, so the
 * rules are tested without the machine they describe.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';
export interface CheckResult {
  name: string;
  status: CheckStatus;
  message: string;
}

/** The oldest Node.js every dependency supports (the mail parser's HTML-to-text needs 20.19). */
export const MIN_NODE_VERSION = '20.19.0';

/** Whether version `a` (x.y.z) is at least `b`. */
export function atLeastVersion(a: string, b: string): boolean {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return true;
}
export const MIN_FREE_BYTES = 1024 ** 3;
/** Network and cluster filesystems whose locking SQLite cannot rely on: a database there gets corrupted. */
export const NETWORK_FILESYSTEMS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smb2',
  'smb3',
  'smbfs',
  'ncpfs',
  'afs',
  'glusterfs',
  'fuse.glusterfs',
  'fuse.sshfs',
  'ceph',
  'fuse.ceph',
  'lustre',
  'gfs2',
  'ocfs2',
  'davfs',
  'fuse.davfs',
]);

export interface UserInfo {
  name: string;
  uid: number;
  gid: number;
  group: string;
}

export interface PreflightPlan {
  host: string;
  port: number;
  dataDir: string;
  /** Directories the install writes into (data dir, install dir, unit dir). */
  targets: string[];
  systemd: boolean;
  /** Installing under --root: systemctl is never called and no user is created. */
  underRoot: boolean;
  serviceUser: string;
  /** The port is taken by this very installation's running server (a re-run while it runs). */
  portOwnedByThisInstallation?: boolean;
}

export interface PreflightFacts {
  nodeVersion: string;
  port: { free: true } | { free: false; reason: string };
  freeBytes: { path: string; bytes: number } | { path: string; error: string };
  writable: Array<{ target: string; probed: string; writable: boolean }>;
  mount: { mountPoint: string; fsType: string } | null;
  systemdPresent: boolean;
  isRoot: boolean;
  user: UserInfo | null;
  canCreateUsers: boolean;
}

/** The closest path at or above `path` that exists: where a not-yet-created directory would be made. */
export function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** /proc/mounts escapes blanks as octal (`\040`). */
const unescapeMount = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** The mount holding `path`: the longest mount point that is `path` or one of its parents. */
export function findMount(mountsText: string, path: string): { mountPoint: string; fsType: string } | null {
  let best: { mountPoint: string; fsType: string } | null = null;
  for (const line of mountsText.split('\n')) {
    const [, rawPoint, fsType] = line.split(' ');
    if (!rawPoint || !fsType) continue;
    const mountPoint = unescapeMount(rawPoint);
    const covers = mountPoint === '/' || path === mountPoint || path.startsWith(`${mountPoint}/`);
    // Later lines win on equal length: a mount stacked over another hides it.
    if (covers && (!best || mountPoint.length >= best.mountPoint.length)) best = { mountPoint, fsType };
  }
  return best;
}

export function lookupUser(name: string): UserInfo | null {
  const entry = getent('passwd', name);
  if (!entry) return null;
  const [user, , uid, gid] = entry.split(':');
  if (!user || uid === undefined || gid === undefined) return null;
  const group = getent('group', gid)?.split(':')[0] ?? gid;
  return { name: user, uid: Number(uid), gid: Number(gid), group };
}

/** NSS lookup (LDAP and sssd users included); /etc files where getent is missing. */
function getent(db: 'passwd' | 'group', key: string): string | null {
  try {
    return (
      execFileSync('getent', [db, key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0] ||
      null
    );
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') return null;
    const file = readFileSync(`/etc/${db}`, 'utf8');
    return (
      file.split('\n').find((l) => l.split(':')[0] === key || (/^\d+$/.test(key) && l.split(':')[2] === key)) ?? null
    );
  }
}

function commandExists(name: string): boolean {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'].some((d) =>
    existsSync(`${d}/${name}`),
  );
}

export function probePort(host: string, port: number): Promise<PreflightFacts['port']> {
  if (port === 0) return Promise.resolve({ free: true });
  return new Promise((done) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      done({
        free: false,
        reason:
          err.code === 'EADDRINUSE'
            ? 'another program listens on it'
            : err.code === 'EACCES'
              ? 'this user may not bind it'
              : err.message,
      }),
    );
    server.listen({ host, port, exclusive: true }, () => server.close(() => done({ free: true })));
  });
}

export async function probePreflight(plan: PreflightPlan): Promise<PreflightFacts> {
  const diskPath = nearestExisting(plan.dataDir);
  let freeBytes: PreflightFacts['freeBytes'];
  try {
    const s = statfsSync(diskPath);
    freeBytes = { path: diskPath, bytes: Number(s.bavail) * Number(s.bsize) };
  } catch (err) {
    freeBytes = { path: diskPath, error: (err as Error).message };
  }
  const writable = plan.targets.map((target) => {
    const probed = nearestExisting(target);
    try {
      accessSync(probed, constants.W_OK);
      return { target, probed, writable: true };
    } catch {
      return { target, probed, writable: false };
    }
  });
  let mount: PreflightFacts['mount'] = null;
  try {
    mount = findMount(readFileSync('/proc/mounts', 'utf8'), realpathSync(diskPath));
  } catch {
    mount = null; // not Linux: nothing to read, the check says so
  }
  const isRoot = process.getuid?.() === 0;
  return {
    nodeVersion: process.versions.node,
    port: plan.portOwnedByThisInstallation ? { free: true } : await probePort(plan.host, plan.port),
    freeBytes,
    writable,
    mount,
    // sd_booted(3): systemd is the init system exactly when this directory exists.
    systemdPresent: existsSync('/run/systemd/system'),
    isRoot,
    user: lookupUser(plan.serviceUser),
    canCreateUsers: isRoot && commandExists('useradd'),
  };
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

export function evaluatePreflight(facts: PreflightFacts, plan: PreflightPlan): CheckResult[] {
  const results: CheckResult[] = [];
  results.push(
    atLeastVersion(facts.nodeVersion, MIN_NODE_VERSION)
      ? { name: 'node', status: 'ok', message: `Node.js ${facts.nodeVersion}` }
      : {
          name: 'node',
          status: 'fail',
          message: `Node.js ${facts.nodeVersion} is too old: install Node.js ${MIN_NODE_VERSION} or newer`,
        },
  );
  results.push(
    facts.port.free
      ? {
          name: 'port',
          status: 'ok',
          message: `${plan.host}:${plan.port} is free${plan.portOwnedByThisInstallation ? ' (used by this installation)' : ''}`,
        }
      : {
          name: 'port',
          status: 'fail',
          message: `port ${plan.port} on ${plan.host} is not available (${facts.port.reason}): choose another with --port or stop what uses it (\`ss -ltnp 'sport = :${plan.port}'\` shows it)`,
        },
  );
  if ('error' in facts.freeBytes)
    results.push({
      name: 'disk',
      status: 'fail',
      message: `cannot read free space of ${facts.freeBytes.path}: ${facts.freeBytes.error}`,
    });
  else if (facts.freeBytes.bytes < MIN_FREE_BYTES)
    results.push({
      name: 'disk',
      status: 'fail',
      message: `only ${gb(facts.freeBytes.bytes)} free on ${facts.freeBytes.path}; at least ${gb(MIN_FREE_BYTES)} is needed`,
    });
  else
    results.push({
      name: 'disk',
      status: 'ok',
      message: `${gb(facts.freeBytes.bytes)} free on ${facts.freeBytes.path}`,
    });
  for (const w of facts.writable) {
    results.push(
      w.writable
        ? { name: 'writable', status: 'ok', message: `${w.target} can be written` }
        : {
            name: 'writable',
            status: 'fail',
            message: `${w.target} cannot be written (${w.probed} is not writable by this user): run as root or choose another directory`,
          },
    );
  }
  if (!facts.mount)
    results.push({
      name: 'filesystem',
      status: 'warn',
      message: `cannot tell which filesystem holds ${plan.dataDir} (no /proc/mounts); it must not be NFS or CIFS`,
    });
  else if (NETWORK_FILESYSTEMS.has(facts.mount.fsType) || facts.mount.fsType.startsWith('nfs')) {
    results.push({
      name: 'filesystem',
      status: 'fail',
      message: `${plan.dataDir} is on ${facts.mount.fsType} (${facts.mount.mountPoint}): SQLite's locking is unreliable on network filesystems and the database would be corrupted; use a local disk`,
    });
  } else
    results.push({
      name: 'filesystem',
      status: 'ok',
      message: `${plan.dataDir} is on ${facts.mount.fsType} (${facts.mount.mountPoint})`,
    });
  if (!plan.systemd)
    results.push({ name: 'systemd', status: 'ok', message: 'no systemd unit requested (--no-systemd)' });
  else if (facts.systemdPresent) results.push({ name: 'systemd', status: 'ok', message: 'systemd is the init system' });
  else if (plan.underRoot)
    results.push({
      name: 'systemd',
      status: 'warn',
      message: 'systemd is not running here; the unit is written under --root for the target system',
    });
  else {
    results.push({
      name: 'systemd',
      status: 'fail',
      message: `systemd is not running on this machine: pass --no-systemd and run the desk with your own supervisor, e.g. \`ondesk serve --data-dir ${plan.dataDir}\` as user ${plan.serviceUser}`,
    });
  }
  if (facts.user)
    results.push({
      name: 'service user',
      status: 'ok',
      message: `user ${facts.user.name} (uid ${facts.user.uid}, group ${facts.user.group})`,
    });
  else if (plan.underRoot) {
    results.push({
      name: 'service user',
      status: 'warn',
      message: `user ${plan.serviceUser} does not exist on this machine; under --root it is not created (create it on the target: useradd --system --user-group ${plan.serviceUser})`,
    });
  } else if (facts.canCreateUsers)
    results.push({
      name: 'service user',
      status: 'ok',
      message: `user ${plan.serviceUser} will be created (system user, no login)`,
    });
  else
    results.push({
      name: 'service user',
      status: 'fail',
      message: `user ${plan.serviceUser} does not exist and cannot be created by this user: run as root, or pass --service-user with an existing user`,
    });
  return results;
}

export async function runPreflight(plan: PreflightPlan): Promise<CheckResult[]> {
  return evaluatePreflight(await probePreflight(plan), plan);
}

export const formatChecks = (checks: CheckResult[]) =>
  checks.map((c) => `${c.status.toUpperCase().padEnd(4)} ${c.name}: ${c.message}`).join('\n');
