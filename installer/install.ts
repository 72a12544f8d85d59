import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TokenRefused } from '../licenses/claims.js';
import { trustedKeySet } from '../licenses/key-set.js';
import { buildDate } from '../licenses/build-info.js';
import { verifyToken } from '../licenses/verify.js';
import { databaseFile, openInstallation } from '../server/installation.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { applyToken } from '../server/modules/licensing/index.js';
import { deriveNodeId, readMachineId } from '../server/modules/licensing/index.js';
import { createAgent } from '../server/modules/agents/index.js';
import { findAgentByEmail } from '../server/modules/agents/agents.repository.js';
import { passwordProblem } from '../server/modules/auth/index.js';
import { runningServer } from '../server/ops/pid-file.js';
import type { InstallAnswers } from './answers.js';
import { readJsonObject, writeConfig, writeFileAtomic, type Owner, type WriteOutcome } from './config-writer.js';
import {
  evaluatePreflight,
  formatChecks,
  lookupUser,
  probePreflight,
  type CheckResult,
  type PreflightPlan,
} from './preflight.js';
import { appRoot, productVersion } from './product.js';
import { renderUnit, UNIT_NAME } from './systemd-unit.js';

/** A refusal meant for the person installing: nothing was written when it is thrown before the first write. */
export class InstallRefused extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface InstallLayout {
  root: string | null;
  installDir: string;
  dataDir: string;
  configFile: string;
  dbFile: string;
  launcher: string;
  manifest: string;
  unitFile: string;
}

export function layoutOf(a: Pick<InstallAnswers, 'root' | 'installDir' | 'dataDir'>): InstallLayout {
  return {
    root: a.root,
    installDir: a.installDir,
    dataDir: a.dataDir,
    configFile: join(a.dataDir, 'ondesk.json'),
    dbFile: databaseFile(a.dataDir),
    launcher: join(a.installDir, 'bin', 'ondesk'),
    manifest: join(a.installDir, 'install.json'),
    unitFile: join(a.root ?? '/', 'etc', 'systemd', 'system', UNIT_NAME),
  };
}

/** The record uninstall and later runs read: what this install put where. */
export interface InstallManifest {
  product: 'ondesk';
  version: string;
  appRoot: string;
  dataDir: string;
  launcher: string;
  unitFile: string | null;
  serviceUser: string;
}

export interface InstallResult {
  changes: string[];
  checks: CheckResult[];
  url: string;
  /** Generated for a new admin; shown once, stored nowhere but as a hash. */
  generatedPassword?: string;
  nextSteps: string[];
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function launcherText(nodePath: string, app: string): string {
  return `#!/bin/sh\n# Written by \`ondesk install\`: runs this installation's Ondesk CLI.\nexec ${shq(nodePath)} ${shq(join(app, 'bin', 'ondesk.js'))} "$@"\n`;
}

/** What an existing data dir already holds, read without changing it (read-only, no migrations). */
interface ExistingState {
  installationId?: string;
  licenseToken?: string;
  licenseJti?: string;
  highestLsq?: number;
  nodeTokenJtis: Map<string, string>;
}

function readExisting(dbFile: string): ExistingState {
  const state: ExistingState = { nodeTokenJtis: new Map() };
  if (!existsSync(dbFile)) return state;
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const get = <T>(sql: string): T | undefined => {
      try {
        return db!.prepare(sql).get() as T | undefined;
      } catch {
        return undefined; // the table comes with a later migration than this database has
      }
    };
    state.installationId = get<{ value: string }>(`select value from settings where key = 'installation_id'`)?.value;
    const lic = get<{ token: string; jti: string }>(
      'select token, jti from licenses order by lsq desc, id desc limit 1',
    );
    state.licenseToken = lic?.token;
    state.licenseJti = lic?.jti;
    state.highestLsq = get<{ lsq: number | null }>('select max(lsq) as lsq from licenses')?.lsq ?? undefined;
    try {
      for (const row of db.prepare('select node_id, jti from node_tokens').all() as Array<{
        node_id: string;
        jti: string;
      }>)
        state.nodeTokenJtis.set(row.node_id, row.jti);
    } catch {
      // no node tokens table yet
    }
  } finally {
    db?.close();
  }
  return state;
}

function readTokenFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new InstallRefused(`cannot read the ${what} from ${file}: ${(err as Error).message}`);
  }
}

/** Every file under `dir` comes to belong to the service user; the config stays root's (see writeConfig). */
function chownTree(dir: string, owner: Owner, except: Set<string>): number {
  let changed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (except.has(path)) continue;
    const st = lstatSync(path);
    if (st.uid !== owner.uid || st.gid !== owner.gid) {
      chownSync(path, owner.uid, owner.gid);
      changed++;
    }
    if (entry.isDirectory()) changed += chownTree(path, owner, except);
  }
  return changed;
}

function systemctl(args: string[]): void {
  execFileSync('systemctl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const describe = (what: string, w: WriteOutcome) =>
  w.result === 'unchanged' ? null : `${what} ${w.result === 'fixed' ? 'mode/owner fixed' : w.result}: ${w.path}`;

/**
 * Installs — or brings an installation in line with — the answers. Order matters: preflight and token checks
 * read only, so a refusal leaves the machine as it was; then each write is atomic and skipped when equal.
 */
export async function install(
  answers: InstallAnswers,
  io: { out(line: string): void } = { out: () => {} },
): Promise<InstallResult> {
  const layout = layoutOf(answers);
  const underRoot = answers.root !== null;
  const running = runningServer(layout.dataDir);
  const plan: PreflightPlan = {
    host: answers.host,
    port: answers.port,
    dataDir: layout.dataDir,
    targets: [layout.dataDir, layout.installDir, ...(answers.systemd ? [dirname(layout.unitFile)] : [])],
    systemd: answers.systemd,
    underRoot,
    serviceUser: answers.serviceUser,
    portOwnedByThisInstallation: running !== null && running.port === answers.port,
  };
  const facts = await probePreflight(plan);
  const checks = evaluatePreflight(facts, plan);
  io.out(`Preflight:\n${formatChecks(checks)}`);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length) throw new InstallRefused(`preflight failed; nothing was changed:\n${formatChecks(failed)}`);

  // Tokens are judged before the first write: a bad one must leave no half-made installation behind.
  const existing = readExisting(layout.dbFile);
  const existingConfig = (() => {
    try {
      return readJsonObject(layout.configFile);
    } catch (err) {
      throw new InstallRefused(`the existing config cannot be read: ${(err as Error).message}`);
    }
  })();
  const keys = trustedKeySet();
  const now = Date.now();
  let license: { token: string; jti: string; apply: boolean } | null = null;
  if (answers.licenseFile) {
    const token = readTokenFile(answers.licenseFile, 'license');
    const same = existing.licenseToken !== undefined && existing.licenseToken === token;
    try {
      const verified = await verifyToken('license', token, {
        keys,
        now,
        buildDate,
        ...(!same && existing.highestLsq !== undefined && { minLsq: existing.highestLsq }),
      });
      license = { token, jti: verified.claims.jti, apply: !same };
    } catch (err) {
      if (err instanceof TokenRefused)
        throw new InstallRefused(`the license is refused: ${err.reason}; nothing was changed`);
      throw err;
    }
  }
  let node: { token: string; nodeId: string; apply: boolean } | null = null;
  if (answers.nodeTokenFile) {
    const token = readTokenFile(answers.nodeTokenFile, 'node token');
    const configuredNodeId = typeof existingConfig.nodeId === 'string' ? existingConfig.nodeId : undefined;
    const nodeId =
      answers.nodeId ??
      configuredNodeId ??
      (existing.installationId ? deriveNodeId(existing.installationId, readMachineId()) : undefined);
    if (!nodeId) {
      throw new InstallRefused(
        'the node token cannot be checked yet: a node token is issued for one node id, and a new installation has none until it exists. ' +
          'Pass --node-id with the id the token was issued for, or install without the node token, run `ondesk node id`, and apply the token the vendor sends with `ondesk license apply`; nothing was changed',
      );
    }
    const licenseJti = license?.jti ?? existing.licenseJti;
    try {
      const verified = await verifyToken('node', token, { keys, now, nodeId });
      if (!licenseJti) throw new TokenRefused('a node token needs its license: pass --license-file as well');
      if (verified.claims.lic !== licenseJti)
        throw new TokenRefused(`it belongs to license ${verified.claims.lic}, but the license is ${licenseJti}`);
      node = { token, nodeId, apply: existing.nodeTokenJtis.get(nodeId) !== verified.claims.jti };
    } catch (err) {
      if (err instanceof TokenRefused)
        throw new InstallRefused(`the node token is refused: ${err.reason}; nothing was changed`);
      throw err;
    }
  }
  let password: string | undefined = answers.adminPassword;
  if (answers.adminPasswordFile) password = readTokenFile(answers.adminPasswordFile, 'admin password');
  if (password !== undefined) {
    const problem = passwordProblem(password);
    if (problem) throw new InstallRefused(`the admin password is not acceptable: ${problem}; nothing was changed`);
  }

  const changes: string[] = [];
  const note = (line: string | null) => {
    if (line) {
      changes.push(line);
      io.out(`  ${line}`);
    }
  };
  io.out('Changes:');
  // The database, logs and attachments the install creates must not be readable by other users.
  const previousUmask = process.umask(0o027);
  try {
    return await applyChanges();
  } finally {
    process.umask(previousUmask);
  }

  async function applyChanges(): Promise<InstallResult> {
    let user = facts.user;
    if (!user && !underRoot && facts.canCreateUsers) {
      execFileSync(
        'useradd',
        [
          '--system',
          '--user-group',
          '--home-dir',
          layout.dataDir,
          '--no-create-home',
          '--shell',
          '/usr/sbin/nologin',
          answers.serviceUser,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      user = lookupUser(answers.serviceUser);
      note(`created system user ${answers.serviceUser}`);
    }
    const asRoot = facts.isRoot;
    const dataOwner: Owner | null = asRoot && user ? { uid: user.uid, gid: user.gid } : null;
    const configOwner: Owner | null = asRoot && user ? { uid: 0, gid: user.gid } : null;

    if (!existsSync(layout.dataDir)) {
      // Parents keep the usual 0755; only the data dir itself is closed to other users.
      const narrow = process.umask(0o022);
      try {
        mkdirSync(dirname(layout.dataDir), { recursive: true });
      } finally {
        process.umask(narrow);
      }
      mkdirSync(layout.dataDir, { mode: 0o750 });
      note(`created data dir ${layout.dataDir}`);
    }
    const dataStat = statSync(layout.dataDir);
    if ((dataStat.mode & 0o7777) !== 0o750) {
      chmodSync(layout.dataDir, 0o750);
      note(`data dir mode set to 0750: ${layout.dataDir}`);
    }
    if (dataOwner && (dataStat.uid !== dataOwner.uid || dataStat.gid !== dataOwner.gid)) {
      chownSync(layout.dataDir, dataOwner.uid, dataOwner.gid);
      note(`data dir owned by ${user!.name}:${user!.group}`);
    }

    const config = writeConfig(
      layout.configFile,
      {
        host: answers.host,
        port: answers.port,
        publicUrl: answers.publicUrl,
        smtpUrl: answers.smtpUrl,
        mailFrom: answers.mailFrom,
        nodeId: answers.nodeId,
      },
      configOwner,
    );
    if (config.result === 'updated') note(`config updated (${config.changedKeys.join(', ')}): ${config.path}`);
    else note(describe('config', config));

    const app = appRoot();
    note(describe('launcher', writeFileAtomic(layout.launcher, launcherText(process.execPath, app), { mode: 0o755 })));
    const manifest: InstallManifest = {
      product: 'ondesk',
      version: productVersion(),
      appRoot: app,
      dataDir: layout.dataDir,
      launcher: layout.launcher,
      unitFile: answers.systemd ? layout.unitFile : null,
      serviceUser: answers.serviceUser,
    };
    note(
      describe(
        'install record',
        writeFileAtomic(layout.manifest, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 }),
      ),
    );

    let unit: WriteOutcome | null = null;
    if (answers.systemd) {
      unit = writeFileAtomic(
        layout.unitFile,
        renderUnit({
          user: answers.serviceUser,
          group: user?.group ?? answers.serviceUser,
          dataDir: layout.dataDir,
          execStart: [layout.launcher, 'serve', '--data-dir', layout.dataDir],
          environment: { NODE_ENV: 'production' },
        }),
        { mode: 0o644 },
      );
      note(describe('systemd unit', unit));
    } else if (existsSync(layout.unitFile)) {
      if (!underRoot && facts.systemdPresent) systemctl(['disable', '--now', UNIT_NAME]);
      rmSync(layout.unitFile);
      note(`systemd unit removed (--no-systemd): ${layout.unitFile}`);
    }

    let generatedPassword: string | undefined;
    const inst = await openInstallation({ dataDir: layout.dataDir, migrate: false, overrides: { logLevel: 'warn' } });
    try {
      const migrated = (await migrateToLatest(inst.database.db)).results ?? [];
      if (migrated.length)
        note(
          `database: applied ${migrated.length} migration${migrated.length === 1 ? '' : 's'} (${migrated.at(-1)!.migrationName})`,
        );
      const ctx = inst.ctx();
      if (license?.apply) note((await applyToken(ctx, license.token)).message);
      if (node?.apply) note((await applyToken(ctx, node.token)).message);
      const admin = await findAgentByEmail(inst.database.db, answers.adminEmail);
      if (!admin) {
        if (password === undefined) generatedPassword = password = randomBytes(15).toString('base64url');
        const created = await createAgent(ctx, {
          email: answers.adminEmail,
          name: answers.adminName,
          role: 'admin',
          password,
          language: 'ru',
        });
        note(`created admin ${created.email}`);
      }
    } finally {
      await inst.close();
    }
    if (dataOwner) {
      const n = chownTree(layout.dataDir, dataOwner, new Set([layout.configFile]));
      if (n && changes.length) io.out(`  ${n} file(s) in the data dir now belong to ${user!.name}`);
    }

    if (answers.systemd && !underRoot && facts.systemdPresent) {
      if (unit && unit.result !== 'unchanged') systemctl(['daemon-reload']);
      if (unit?.result === 'created') {
        systemctl(['enable', '--now', UNIT_NAME]);
        note('service enabled and started');
      } else if (changes.length) {
        systemctl(['try-restart', UNIT_NAME]);
        note('service restarted to pick up the changes');
      }
    }

    const shownHost = answers.host === '0.0.0.0' || answers.host === '::' ? hostname() : answers.host;
    const url = answers.publicUrl ?? `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${answers.port}`;
    const nextSteps: string[] = [];
    if (!answers.systemd)
      nextSteps.push(
        `start it with your supervisor as user ${answers.serviceUser}: ${layout.launcher} serve --data-dir ${layout.dataDir}`,
      );
    else if (underRoot || !facts.systemdPresent)
      nextSteps.push(`on the target system: systemctl daemon-reload && systemctl enable --now ${UNIT_NAME}`);
    else nextSteps.push(`check it: systemctl status ${UNIT_NAME}; logs: journalctl -u ${UNIT_NAME}`);
    if (!answers.licenseFile && !existing.licenseJti)
      nextSteps.push(
        'no license applied: the desk runs in free mode; apply one with `ondesk license apply --token-file FILE`',
      );
    if (answers.licenseFile && !answers.nodeTokenFile)
      nextSteps.push(
        `send the vendor this node's id (\`ondesk node id --data-dir ${layout.dataDir}\`) for a node token`,
      );
    nextSteps.push(
      `back up nightly (built in; see \`ondesk doctor --data-dir ${layout.dataDir}\`) and before upgrades: \`ondesk backup --data-dir ${layout.dataDir}\``,
    );
    if (!changes.length) io.out('  none: the installation already matches these answers');
    return { changes, checks, url, ...(generatedPassword && { generatedPassword }), nextSteps };
  }
}

export interface UninstallOptions {
  root: string | null;
  installDir: string;
  purge: boolean;
  yesReally: boolean;
  /** Asks for the data dir's name to be typed; absent when there is no terminal. */
  confirmPurge?: (dataDir: string) => Promise<boolean>;
}

/** Removes the unit and the install dir; the data stays unless purged (after the data dir's name is typed). */
export async function uninstall(
  o: UninstallOptions,
  io: { out(line: string): void } = { out: () => {} },
): Promise<{ removed: string[]; dataDir: string; purged: boolean }> {
  const manifestFile = join(o.installDir, 'install.json');
  if (!existsSync(manifestFile))
    throw new InstallRefused(
      `no installation at ${o.installDir} (${manifestFile} is missing); pass --install-dir (and --root) as given to install`,
    );
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as InstallManifest;
  if (o.purge && !o.yesReally) {
    if (!o.confirmPurge)
      throw new InstallRefused(
        `--purge deletes ${manifest.dataDir} with every ticket in it: type its name at a terminal, or pass --yes-really; nothing was removed`,
      );
    if (!(await o.confirmPurge(manifest.dataDir)))
      throw new InstallRefused(`the name typed was not "${basename(manifest.dataDir)}"; nothing was removed`);
  }
  const systemdHere = o.root === null && existsSync('/run/systemd/system');
  const removed: string[] = [];
  if (manifest.unitFile && existsSync(manifest.unitFile)) {
    if (systemdHere) systemctl(['disable', '--now', UNIT_NAME]);
    rmSync(manifest.unitFile);
    if (systemdHere) systemctl(['daemon-reload']);
    removed.push(manifest.unitFile);
  }
  const live = runningServer(manifest.dataDir);
  if (o.purge && live)
    throw new InstallRefused(
      `the desk still runs (pid ${live.pid}); stop it before purging its data; the unit was removed, the data kept`,
    );
  rmSync(o.installDir, { recursive: true, force: true });
  removed.push(o.installDir);
  if (o.purge) {
    rmSync(manifest.dataDir, { recursive: true, force: true });
    removed.push(manifest.dataDir);
  }
  for (const r of removed) io.out(`removed ${r}`);
  if (!o.purge) io.out(`the data is kept in ${manifest.dataDir} (remove it with --purge)`);
  return { removed, dataDir: manifest.dataDir, purged: o.purge };
}
