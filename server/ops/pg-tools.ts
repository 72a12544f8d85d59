import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { redactedUrl } from '../db/postgres.js';

export class PgToolMissing extends Error {}

/** Debian installs each PostgreSQL major version's programs here; /usr/bin holds only its version-picking wrapper. */
const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * Where `pg_dump` or `pg_restore` is: ONDESK_PG_BIN (a directory) when set, else the newest of Debian's
 * /usr/lib/postgresql/<major>/bin (a newer pg_dump reads older servers; an older one refuses newer servers),
 * else the PATH. Throws with what to install when there is none.
 */
export function findPgTool(
  name: 'pg_dump' | 'pg_restore',
  env: NodeJS.ProcessEnv = process.env,
  debianRoot = DEBIAN_ROOT,
): string {
  const looked: string[] = [];
  const candidates: string[] = [];
  if (env.ONDESK_PG_BIN) candidates.push(env.ONDESK_PG_BIN);
  else {
    const majors = existsSync(debianRoot)
      ? readdirSync(debianRoot)
          .filter((d) => /^\d+$/.test(d))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    candidates.push(...majors.map((m) => join(debianRoot, m, 'bin')));
    candidates.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  }
  for (const dir of candidates) {
    const path = join(dir, name);
    looked.push(dir);
    if (existsSync(path)) return path;
  }
  throw new PgToolMissing(
    `${name} was not found (looked in ${looked.length ? looked.join(', ') : 'no directory'}): install PostgreSQL's client programs ` +
      `(apt-get install postgresql-client-15), or set ONDESK_PG_BIN to the directory that holds ${name}`,
  );
}

/**
 * The connection for pg_dump and pg_restore: the URL without its password on the command line (which `ps`
 * shows to every user of the machine), the password in PGPASSWORD of the child's environment.
 */
export function pgConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Runs a PostgreSQL client program; resolves with its stdout, or rejects with its last lines of stderr. */
export function runPgTool(tool: string, args: string[], url: string): Promise<string> {
  const { dbname, env } = pgConnection(url);
  const argv = args.map((a) => (a === '{dbname}' ? dbname : a));
  return new Promise((done, fail) => {
    const child = spawn(tool, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) return done(Buffer.concat(out).toString('utf8'));
      const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-4).join('; ');
      fail(
        new Error(
          `${tool.split('/').at(-1)} failed on ${redactedUrl(url)} (exit ${code}): ${said || 'no message'}`.replaceAll(
            env.PGPASSWORD ?? '\0',
            '***',
          ),
        ),
      );
    });
  });
}
