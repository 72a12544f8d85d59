import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openInstallation, type Installation } from '../server/installation.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { createAgent } from '../server/modules/agents/index.js';
import { applyToken } from '../server/modules/licensing/index.js';
import { writeConfig, writeFileAtomic, type Owner, type WriteOutcome } from './config-writer.js';
import { readExisting } from './existing.js';
import { readExistingPostgres } from './postgres.js';
import type { InstallStep } from './plan.js';
import { lookupUser, type UserInfo } from './preflight.js';
import { copyRelease } from './release.js';
import { UNIT_NAME } from './systemd-unit.js';

export function systemctl(args: string[]): void {
  execFileSync('systemctl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
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

/**
 * The program files (release, launcher, install record, unit) are root's and readable by all, as any installed
 * package's are: the service user must run them. Only the data is closed to others (install runs under 0027).
 */
function withProgramUmask<T>(work: () => T): T {
  const previous = process.umask(0o022);
  try {
    return work();
  } finally {
    process.umask(previous);
  }
}

const describe = (what: string, w: WriteOutcome) =>
  w.result === 'unchanged' ? null : `${what} ${w.result === 'fixed' ? 'mode/owner fixed' : w.result}: ${w.path}`;

/**
 * Performs the steps of a plan, each idempotently, and reports one line per change. Shared between steps:
 * the service user (looked up again once created), the installation (opened by the first step that needs it,
 * closed by `close`), and whether anything changed (a running service is restarted only then).
 */
export class StepExecutor {
  readonly changes: string[] = [];
  generatedPassword?: string;
  private user: UserInfo | null;
  private installation: Installation | null = null;
  private unitChanged = false;

  constructor(
    private readonly serviceUser: string,
    private readonly out: (line: string) => void,
  ) {
    this.user = lookupUser(serviceUser);
  }

  private note(line: string | null) {
    if (!line) return;
    this.changes.push(line);
    this.out(`  ${line}`);
  }

  /** The data's owner (the service user) or, for the config, root with the service user's group. */
  private owner(kind: 'data' | 'config'): Owner | null {
    if (!this.user) return null;
    return kind === 'data' ? { uid: this.user.uid, gid: this.user.gid } : { uid: 0, gid: this.user.gid };
  }

  private async open(dataDir: string): Promise<Installation> {
    this.installation ??= await openInstallation({ dataDir, migrate: false, overrides: { logLevel: 'warn' } });
    return this.installation;
  }

  async close(): Promise<void> {
    await this.installation?.close();
    this.installation = null;
  }

  async run(step: InstallStep): Promise<void> {
    switch (step.kind) {
      case 'create-user': {
        if (lookupUser(step.user)) return;
        execFileSync(
          'useradd',
          [
            '--system',
            '--user-group',
            '--home-dir',
            step.home,
            '--no-create-home',
            '--shell',
            '/usr/sbin/nologin',
            step.user,
          ],
          { stdio: ['ignore', 'ignore', 'pipe'] },
        );
        this.user = lookupUser(this.serviceUser);
        return this.note(`created system user ${step.user}`);
      }
      case 'data-dir':
        return this.ensureDataDir(step.path, step.owned ? this.owner('data') : null);
      case 'config': {
        const config = writeConfig(step.path, step.settings, step.owned ? this.owner('config') : null);
        if (config.result === 'updated')
          return this.note(`config updated (${config.changedKeys.join(', ')}): ${config.path}`);
        return this.note(describe('config', config));
      }
      case 'release': {
        const result = withProgramUmask(() => copyRelease(step.release, step.target));
        if (result !== 'unchanged')
          this.note(`release ${step.release.id} ${result === 'created' ? 'copied' : 'replaced'}: ${step.target}`);
        return;
      }
      case 'file': {
        const outcome = withProgramUmask(() => writeFileAtomic(step.path, step.content, { mode: step.mode }));
        if (step.what === 'systemd unit') this.unitChanged = outcome.result !== 'unchanged';
        return this.note(describe(step.what, outcome));
      }
      case 'remove-unit': {
        if (!existsSync(step.path)) return;
        if (step.disable) systemctl(['disable', '--now', UNIT_NAME]);
        rmSync(step.path);
        return this.note(`systemd unit removed (--no-systemd): ${step.path}`);
      }
      case 'migrate': {
        const inst = await this.open(step.dataDir);
        const migrated = (await migrateToLatest(inst.database.db)).results ?? [];
        if (migrated.length)
          this.note(
            `database: applied ${migrated.length} migration${migrated.length === 1 ? '' : 's'} (${migrated.at(-1)!.migrationName})`,
          );
        return;
      }
      case 'apply-token': {
        if (!this.installation) throw new Error('apply-token before migrate: the plan is out of order');
        return this.note((await applyToken(this.installation.ctx(), step.token)).message);
      }
      case 'create-admin': {
        if (!this.installation) throw new Error('create-admin before migrate: the plan is out of order');
        const config = this.installation.config;
        const existing =
          config.database === 'postgres'
            ? await readExistingPostgres(config.databaseUrl!, step.email)
            : readExisting(join(config.dataDir, 'ondesk.db'), step.email);
        if (existing.adminExists) return;
        let password = step.password;
        if (password === null) password = this.generatedPassword = randomBytes(15).toString('base64url');
        const created = await createAgent(this.installation.ctx(), {
          email: step.email,
          name: step.name,
          role: 'admin',
          password,
          language: 'ru',
        });
        return this.note(`created admin ${created.email}`);
      }
      case 'own-data': {
        const owner = this.owner('data');
        if (!owner) return;
        // Files the steps above created (database, logs) are root's until here.
        const n = chownTree(step.dataDir, owner, new Set(step.except));
        if (n && this.changes.length) this.out(`  ${n} file(s) in the data dir now belong to ${this.user!.name}`);
        return;
      }
      case 'service': {
        if (this.unitChanged) systemctl(['daemon-reload']);
        if (step.action === 'enable-and-start') {
          systemctl(['enable', '--now', UNIT_NAME]);
          return this.note('service enabled and started');
        }
        if (this.changes.length) {
          systemctl(['try-restart', UNIT_NAME]);
          this.note('service restarted to pick up the changes');
        }
        return;
      }
    }
  }

  private ensureDataDir(path: string, owner: Owner | null) {
    if (!existsSync(path)) {
      // Parents keep the usual 0755; only the data dir itself is closed to other users.
      const narrow = process.umask(0o022);
      try {
        mkdirSync(dirname(path), { recursive: true });
      } finally {
        process.umask(narrow);
      }
      mkdirSync(path, { mode: 0o750 });
      this.note(`created data dir ${path}`);
    }
    const st = statSync(path);
    if ((st.mode & 0o7777) !== 0o750) {
      chmodSync(path, 0o750);
      this.note(`data dir mode set to 0750: ${path}`);
    }
    if (owner && (st.uid !== owner.uid || st.gid !== owner.gid)) {
      chownSync(path, owner.uid, owner.gid);
      this.note(`data dir owned by ${this.user!.name}:${this.user!.group}`);
    }
  }
}
