import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { userInfo } from 'node:os';

/**
 * The answers `ondesk install` acts on, from (later wins) defaults, `--answers FILE`, `ONDESK_*` environment
 * variables and flags — or the interactive prompts. Validated here once, with messages naming the flag.
 */
export interface InstallAnswers {
  /** Prefix every system path is placed under (tests, image builds); null for the real system. */
  root: string | null;
  installDir: string;
  dataDir: string;
  host: string;
  port: number;
  publicUrl?: string;
  /** Empty for a node that joins (--join): it shares the first node's agents and creates no admin. */
  adminEmail: string;
  adminName: string;
  adminPasswordFile?: string;
  /** Typed at the interactive prompt; never read from a flag or file, never written anywhere. */
  adminPassword?: string;
  smtpUrl?: string;
  mailFrom?: string;
  licenseFile?: string;
  nodeTokenFile?: string;
  nodeId?: string;
  /** Where the desk keeps its data: its own SQLite file (default, also when absent), or a PostgreSQL database several nodes share. */
  database?: 'sqlite' | 'postgres';
  /** postgres://user:password@host:5432/db — its password never reaches the output. */
  databaseUrl?: string;
  /** A second node: the URL of a running node, asked for the database with this node's token (--node-token-file). */
  joinUrl?: string;
  /** The directory every node mounts for stored files (default the data dir). */
  filesDir?: string;
  systemd: boolean;
  serviceUser: string;
}

export type RawAnswers = Partial<
  Record<Exclude<keyof InstallAnswers, 'adminPassword' | 'root'>, string | number | boolean>
> & { root?: string; adminPassword?: string };

/** Each answer, the flag that sets it and its environment variable — the prompts and errors name them. */
export const answerSources = {
  installDir: { flag: '--install-dir', env: 'ONDESK_INSTALL_DIR' },
  dataDir: { flag: '--data-dir', env: 'ONDESK_DATA_DIR' },
  host: { flag: '--host', env: 'ONDESK_HOST' },
  port: { flag: '--port', env: 'ONDESK_PORT' },
  publicUrl: { flag: '--public-url', env: 'ONDESK_PUBLIC_URL' },
  adminEmail: { flag: '--admin-email', env: 'ONDESK_ADMIN_EMAIL' },
  adminName: { flag: '--admin-name', env: 'ONDESK_ADMIN_NAME' },
  adminPasswordFile: { flag: '--admin-password-file', env: 'ONDESK_ADMIN_PASSWORD_FILE' },
  smtpUrl: { flag: '--smtp-url', env: 'ONDESK_SMTP_URL' },
  mailFrom: { flag: '--mail-from', env: 'ONDESK_MAIL_FROM' },
  licenseFile: { flag: '--license-file', env: 'ONDESK_LICENSE_FILE' },
  nodeTokenFile: { flag: '--node-token-file', env: 'ONDESK_NODE_TOKEN_FILE' },
  nodeId: { flag: '--node-id', env: 'ONDESK_NODE_ID' },
  database: { flag: '--database', env: 'ONDESK_DATABASE' },
  databaseUrl: { flag: '--database-url', env: 'ONDESK_DATABASE_URL' },
  joinUrl: { flag: '--join', env: 'ONDESK_JOIN_URL' },
  filesDir: { flag: '--files-dir', env: 'ONDESK_FILES_DIR' },
  systemd: { flag: '--no-systemd', env: 'ONDESK_SYSTEMD' },
  serviceUser: { flag: '--service-user', env: 'ONDESK_SERVICE_USER' },
} as const;
type AnswerKey = keyof typeof answerSources;
const answerKeys = Object.keys(answerSources) as AnswerKey[];
const pathKeys: AnswerKey[] = [
  'installDir',
  'dataDir',
  'adminPasswordFile',
  'licenseFile',
  'nodeTokenFile',
  'filesDir',
];

export const defaultAnswers = (isRoot = process.getuid?.() === 0) => ({
  installDir: '/opt/ondesk',
  dataDir: '/var/lib/ondesk',
  host: '127.0.0.1',
  port: 8080,
  adminName: 'Administrator',
  systemd: true,
  // Root installs get a dedicated system user; anyone else runs the desk as themselves.
  serviceUser: isRoot ? 'ondesk' : userInfo().username,
});

export function answersFromEnv(env: NodeJS.ProcessEnv): RawAnswers {
  const raw: RawAnswers = {};
  for (const key of answerKeys) {
    const value = env[answerSources[key].env];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  return raw;
}

/** A JSON object of answers; relative paths in it are relative to the file, as a reader of the file expects. */
export function answersFromFile(file: string): RawAnswers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AnswersError([`cannot read the answers file ${file}: ${(err as Error).message}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AnswersError([`${file} must hold a JSON object of answers`]);
  const raw: RawAnswers = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === 'adminPassword')
      errors.push(`${file}: "adminPassword" is not accepted in a file that may be kept; use "adminPasswordFile"`);
    else if (!answerKeys.includes(key as AnswerKey))
      errors.push(`${file}: unknown answer "${key}" (known: ${answerKeys.join(', ')})`);
    else if (!['string', 'number', 'boolean'].includes(typeof value))
      errors.push(`${file}: "${key}" must be a string, number or boolean`);
    else
      raw[key as AnswerKey] =
        pathKeys.includes(key as AnswerKey) && typeof value === 'string'
          ? resolve(dirname(resolve(file)), value)
          : (value as string | number | boolean);
  }
  if (errors.length) throw new AnswersError(errors);
  return raw;
}

export class AnswersError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `the answers have ${problems.length} problems:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** Places an absolute system path under the install root; a path already under it is kept as given. */
export function underRoot(root: string | null, path: string): string {
  if (!root) return resolve(path);
  const abs = resolve(path);
  const rel = relative(root, abs);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return abs;
  return join(root, abs);
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const HOST = /^[A-Za-z0-9.:_-]+$/;
const USER = /^[a-z_][a-z0-9_-]{0,31}\$?$/;
// Paths end up in a unit file, a shell launcher and ReadWritePaths=, which splits on blanks.
const SAFE_PATH = /^[^\s%"'`$\\]+$/;

const truthy = (v: unknown) => v === true || v === 'true' || v === '1' || v === 'yes';
const falsy = (v: unknown) => v === false || v === 'false' || v === '0' || v === 'no';

/** Merges layers (later wins) over the defaults and checks every answer; all problems are reported together. */
export function resolveAnswers(layers: RawAnswers[], opts: { isRoot?: boolean } = {}): InstallAnswers {
  const merged: RawAnswers = Object.assign(
    {},
    defaultAnswers(opts.isRoot),
    ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined))),
  );
  const problems: string[] = [];
  const name = (key: AnswerKey) => `${answerSources[key].flag.replace('--no-', '--')} (${answerSources[key].env})`;
  const str = (key: AnswerKey): string | undefined => {
    const v = merged[key];
    if (v === undefined || v === '') return undefined;
    return String(v).trim();
  };

  const root = merged.root ? resolve(String(merged.root)) : null;
  const port = Number(merged.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    problems.push(`${name('port')} must be a port number from 1 to 65535, not "${merged.port}"`);
  const host = str('host')!;
  if (!HOST.test(host)) problems.push(`${name('host')} "${host}" is not an address to bind`);
  const publicUrl = str('publicUrl');
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicUrl))
    problems.push(`${name('publicUrl')} must be an http:// or https:// URL, not "${publicUrl}"`);
  const joinUrl = str('joinUrl')?.replace(/\/+$/, '');
  if (joinUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(joinUrl))
    problems.push(`${name('joinUrl')} must be the http:// or https:// URL of a running node, not "${joinUrl}"`);
  if (joinUrl !== undefined && merged.nodeTokenFile === undefined)
    problems.push(`${name('joinUrl')} needs this node's token from the vendor: pass ${name('nodeTokenFile')}`);
  const database = str('database') ?? (joinUrl !== undefined || merged.databaseUrl ? 'postgres' : 'sqlite');
  if (database !== 'sqlite' && database !== 'postgres')
    problems.push(`${name('database')} must be sqlite or postgres, not "${database}"`);
  if (joinUrl !== undefined && database !== 'postgres')
    problems.push(`${name('joinUrl')} joins nodes on PostgreSQL; ${name('database')} ${database} cannot be shared`);
  const databaseUrl = str('databaseUrl');
  // The URL holds a password: a problem names the setting, never echoes the value.
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
    problems.push(`${name('databaseUrl')} must look like postgres://user:password@host:5432/ondesk`);
  if (databaseUrl !== undefined && database === 'sqlite')
    problems.push(`${name('databaseUrl')} is for ${name('database')} postgres; SQLite keeps its file in the data dir`);
  if (database === 'postgres' && databaseUrl === undefined && joinUrl === undefined)
    problems.push(
      `${name('database')} postgres needs ${name('databaseUrl')} (postgres://user:password@host:5432/ondesk), or ${name('joinUrl')} with the URL of a running node`,
    );
  const adminEmail = str('adminEmail')?.toLowerCase();
  // A joining node shares the first node's agents: it creates no admin.
  if (adminEmail === undefined && joinUrl === undefined)
    problems.push(`the first admin's e-mail is missing: pass ${name('adminEmail')}`);
  else if (adminEmail !== undefined && !EMAIL.test(adminEmail))
    problems.push(`${name('adminEmail')} "${adminEmail}" is not an e-mail address`);
  const adminName = str('adminName')!;
  const smtpUrl = str('smtpUrl');
  if (smtpUrl !== undefined && !/^smtps?:\/\/\S+$/.test(smtpUrl))
    problems.push(`${name('smtpUrl')} must look like smtp://user:password@host:587 or smtps://…`);
  const mailFrom = str('mailFrom');
  const nodeId = str('nodeId');
  if (nodeId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(nodeId))
    problems.push(`${name('nodeId')} "${nodeId}" must be 1–128 letters, digits, ".", "_" or "-"`);
  const serviceUser = str('serviceUser')!;
  if (!USER.test(serviceUser)) problems.push(`${name('serviceUser')} "${serviceUser}" is not a user name`);
  let systemd = true;
  if (falsy(merged.systemd)) systemd = false;
  else if (!truthy(merged.systemd)) problems.push(`ONDESK_SYSTEMD must be true or false, not "${merged.systemd}"`);
  const pathOf = (key: AnswerKey) => {
    const v = str(key);
    if (v === undefined) return undefined;
    if (!SAFE_PATH.test(v)) problems.push(`${name(key)} "${v}" may not contain blanks, quotes, "$", "%" or "\\"`);
    return resolve(v);
  };
  const installDir = underRoot(root, pathOf('installDir')!);
  const dataDir = underRoot(root, pathOf('dataDir')!);
  const adminPasswordFile = pathOf('adminPasswordFile');
  const licenseFile = pathOf('licenseFile');
  const nodeTokenFile = pathOf('nodeTokenFile');
  const filesDir = pathOf('filesDir');
  if (dataDir === '/' || installDir === dataDir)
    problems.push(`${name('dataDir')} must be a directory of its own, not ${dataDir}`);
  if (problems.length) throw new AnswersError(problems);
  return {
    root,
    installDir,
    dataDir,
    host,
    port,
    ...(publicUrl !== undefined && { publicUrl: publicUrl.replace(/\/$/, '') }),
    adminEmail: adminEmail ?? '',
    adminName,
    ...(adminPasswordFile !== undefined && { adminPasswordFile }),
    ...(merged.adminPassword !== undefined && { adminPassword: merged.adminPassword }),
    ...(smtpUrl !== undefined && { smtpUrl }),
    ...(mailFrom !== undefined && { mailFrom }),
    ...(licenseFile !== undefined && { licenseFile }),
    ...(nodeTokenFile !== undefined && { nodeTokenFile }),
    ...(nodeId !== undefined && { nodeId }),
    database: database as InstallAnswers['database'],
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(joinUrl !== undefined && { joinUrl }),
    ...(filesDir !== undefined && { filesDir }),
    systemd,
    serviceUser,
  };
}
