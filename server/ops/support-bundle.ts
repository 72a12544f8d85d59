import BetterSqlite3 from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type * as Tar from 'tar';

// The archiver loads when an archive is made or read, not with every command and the server.
const loadTar = (): Promise<typeof Tar> => import('tar');
import { loadConfig } from '../config/config.js';
import { databaseFile } from '../installation.js';
import { productVersion } from '../../installer/product.js';
import { stamp } from './backup.js';
import { runDoctor } from './doctor.js';
import { redactSecrets, scrubText, secretStrings } from './redact.js';
import { appliedMigrations } from './schema.js';

/**
 * What the vendor needs to help, and nothing of the customer's: logs of the last days, the config with every
 * secret redacted, versions, schema, row counts per table (numbers only), job runs, the license's claims (never
 * a token) and the doctor's verdicts.
 */
export async function createSupportBundle(o: { dataDir: string; out?: string; days?: number; now?: Date }) {
  const dataDir = resolve(o.dataDir);
  const now = o.now ?? new Date();
  const days = o.days ?? 7;
  const out = resolve(o.out ?? `ondesk-support-${stamp(now)}.tar.gz`);
  const staging = join(dirname(out), `.ondesk-support-${randomBytes(6).toString('hex')}`);
  mkdirSync(join(staging, 'logs'), { recursive: true, mode: 0o700 });
  try {
    const info: Record<string, unknown> = {
      createdAt: now.toISOString(),
      versions: {
        ondesk: productVersion(),
        node: process.versions.node,
        sqlite: (new BetterSqlite3(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v,
        os: `${platform()} ${release()} ${arch()}`,
      },
    };
    const configFile = join(dataDir, 'ondesk.json');
    const fileConfig = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as unknown) : null;
    info.config = fileConfig === null ? null : redactSecrets(fileConfig);
    // Logs, doctor verdicts and job errors are free text: no structure says where a secret sits in them, so the
    // secrets themselves are looked for — those of ondesk.json and those set through ONDESK_* variables.
    const secrets = [...secretStrings(fileConfig), ...secretStrings(effectiveConfig(dataDir))];
    const dbFile = databaseFile(dataDir);
    if (existsSync(dbFile)) {
      const db = new BetterSqlite3(dbFile, { readonly: true });
      try {
        info.schema = appliedMigrations(db);
        const tables = (
          db
            .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
            .all() as Array<{ name: string }>
        ).map((r) => r.name);
        info.tableCounts = Object.fromEntries(
          tables.map((t) => [
            t,
            (db.prepare(`select count(*) as n from "${t.replace(/"/g, '""')}"`).get() as { n: number }).n,
          ]),
        );
        const safe = <T>(q: () => T, fallback: T) => {
          try {
            return q();
          } catch {
            return fallback;
          }
        };
        info.jobRuns = safe(
          () =>
            db
              .prepare(
                'select job, trigger, status, started_at, finished_at, error from job_runs order by id desc limit 200',
              )
              .all(),
          [],
        );
        info.licenses = safe(
          () =>
            (
              db.prepare('select jti, lsq, claims, applied_at from licenses order by lsq').all() as Array<{
                jti: string;
                lsq: number;
                claims: string;
                applied_at: string;
              }>
            ).map((l) => ({
              jti: l.jti,
              lsq: l.lsq,
              appliedAt: l.applied_at,
              claims: JSON.parse(l.claims) as unknown,
            })),
          [],
        );
        info.nodes = safe(
          () => db.prepare('select node_id, jti, license_jti, expires_at, applied_at from node_tokens').all(),
          [],
        );
      } finally {
        db.close();
      }
    }
    info.doctor = await runDoctor({ dataDir, smtpTimeoutMs: 3000 }).catch((err: Error) => [
      { name: 'doctor', status: 'FAIL', message: err.message },
    ]);
    writeFileSync(join(staging, 'bundle.json'), `${scrubText(JSON.stringify(info, null, 2), secrets)}\n`);
    const logDir = join(dataDir, 'logs');
    const since = now.getTime() - days * 86_400_000;
    const logs = existsSync(logDir)
      ? readdirSync(logDir).filter(
          (f) => statSync(join(logDir, f)).isFile() && statSync(join(logDir, f)).mtimeMs >= since,
        )
      : [];
    for (const f of logs) await copyScrubbed(join(logDir, f), join(staging, 'logs', f), secrets);
    await (
      await loadTar()
    ).create({ gzip: true, file: `${out}.partial`, cwd: staging, portable: true, mode: 0o600 }, [
      'bundle.json',
      ...logs.map((f) => `logs/${f}`),
    ]);
    renameSync(`${out}.partial`, out);
    return { file: out, logs, bytes: statSync(out).size };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${out}.partial`, { force: true });
  }
}

/** The merged settings (file and environment) when they are valid; an invalid config has its file read above. */
function effectiveConfig(dataDir: string): unknown {
  try {
    const { dataDir: _dir, ...config } = loadConfig({ dataDir });
    return config;
  } catch {
    return null;
  }
}

/** Line by line, so a log of any size is copied in bounded memory; a JSON log line never spans two lines. */
async function copyScrubbed(from: string, to: string, secrets: readonly string[]) {
  const out = createWriteStream(to, { mode: 0o600 });
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    if (!out.write(`${scrubText(line, secrets)}\n`)) await new Promise((r) => out.once('drain', r));
  }
  out.end();
  await finished(out);
}
