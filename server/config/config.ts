import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * How a setting holds a secret, read by server/ops/redact.ts when a backup or a support bundle is made. Marked
 * here, on the setting itself, so a new secret setting is redacted without anyone extending a list elsewhere:
 * `true` the whole value; `'url'` its user:password@ and query values (host and path stay, for diagnosis);
 * `'header'` the value of a "Name: value" line (the name stays); `'template'` the whole text (see redact.ts).
 * Any string that looks like a URL loses its credentials and query values even unmarked.
 */
export type SecretKind = true | 'url' | 'header' | 'template';

/** An IMAP mailbox the desk watches; every one is watched at once. */
export const MailboxSchema = Type.Object(
  {
    /** Shown in logs and as the source of its messages (`imap:<name>`); defaults to user@host. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    /** TLS from the first byte (993); otherwise STARTTLS when the server offers it. */
    secure: Type.Boolean(),
    user: Type.String({ minLength: 1 }),
    password: Type.Optional(Type.String({ secret: true })),
    /** A file holding the password, so ondesk.json can stay world-readable. */
    passwordFile: Type.Optional(Type.String()),
    /** The folder to watch (default INBOX). */
    mailbox: Type.Optional(Type.String({ minLength: 1 })),
    /** Seconds between polls when the server has no IDLE, and the IDLE restart period (default 60). */
    pollSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    /** Move ingested messages to this folder instead of only flagging them \\Seen. */
    moveTo: Type.Optional(Type.String({ minLength: 1 })),
    /** Accept self-signed certificates (an appliance's own mail server). */
    allowInsecureTls: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MailboxConfig = Static<typeof MailboxSchema>;

/**
 * The installation's settings. Sources, later ones winning: defaults, `ondesk.json` in the data dir,
 * `ONDESK_*` environment variables, command-line flags. Validated once at start with a message naming the key.
 */
export const ConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    /** Serve session cookies with `Secure`; on by default when publicUrl is https. */
    secureCookies: Type.Optional(Type.Boolean()),
    /**
     * Whose X-Forwarded-For is believed. A list of proxy addresses or CIDRs (or `loopback`, `linklocal`,
     * `uniquelocal`): only peers in it may say who the client is. `true` (older configs) believes every
     * peer, so any client can pick its own address, e.g. to dodge sign-in throttling: use it only when
     * nothing but the proxy can reach the desk. `false`: the peer's address is the client's.
     */
    trustProxy: Type.Union([Type.Boolean(), Type.Array(Type.String({ minLength: 1, maxLength: 64 }))]),
    sessionDays: Type.Integer({ minimum: 1, maximum: 365 }),
    attachmentMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
    /** A request's headers and body must arrive within this many seconds (default 120); slower ones get 408. */
    requestTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    /** Connections one client address may hold at once (default 1000; 0: no limit). Not applied to trusted proxies. */
    maxConnectionsPerSource: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    smtpUrl: Type.Optional(Type.String({ secret: 'url' })),
    mailFrom: Type.Optional(Type.String()),
    inboundSmtpPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** PEM certificate chain and key files for STARTTLS on the built-in receiver (relative paths: data dir). */
    inboundSmtpTlsCert: Type.Optional(Type.String({ minLength: 1 })),
    inboundSmtpTlsKey: Type.Optional(Type.String({ minLength: 1 })),
    /** Fixes this node's id where the machine id changes (containers); see `ondesk node id`. */
    nodeId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' })),
    /** Several nodes: a lease (the scheduler, a mailbox) and a node's liveness last this long (default 30 s). */
    clusterLeaseSeconds: Type.Optional(Type.Integer({ minimum: 2, maximum: 600 })),
    /** How many nightly backups the `backup` job keeps (default 7). */
    backupKeep: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    /** Days a domain event is kept once every after-commit processor has read it (default 90). */
    eventRetentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    /** Where the nightly backups go (default <data dir>/backups); relative paths are relative to the data dir. */
    backupDir: Type.Optional(Type.String({ minLength: 1 })),
    /**
     * Where stored files live — attachments, raw mail, documents, mailed reports, each named by its content hash —
     * default the data dir itself (its attachments/, mail/, documents/, reports/ folders, as always); relative
     * paths are relative to the data dir. Several nodes: one directory every node mounts (doctor checks it).
     */
    filesDir: Type.Optional(Type.String({ minLength: 1 })),
    mailboxes: Type.Optional(Type.Array(MailboxSchema)),
    /** Largest inbound message ingested; a larger one is kept raw and listed as rejected (SMTP refuses it with 552). */
    inboundMaxBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
    /** More MIME parts than this is a MIME bomb: kept raw, listed as rejected, never parsed. */
    inboundMaxMimeParts: Type.Optional(Type.Integer({ minimum: 1 })),
    /** A reply to a ticket from someone who is not its participant: held for an admin, or a ticket of its own. */
    inboundStrangerReplies: Type.Optional(Type.Union([Type.Literal('hold'), Type.Literal('new_ticket')])),
    /** The catch-all client of mail nobody could be matched to (created on demand, tickets tagged `unsorted`). */
    inboundUnsortedOrganization: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Domains the built-in SMTP receiver accepts mail for, besides mailFrom's; none and no mailFrom: any. */
    inboundDomains: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** Automatic answers (acknowledgements) one sender may trigger per hour: the last guard against mail loops. */
    inboundAutoReplyCapPerHour: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Which SMS provider delivers channel "sms" of the outbox; unset: SMS wait in the outbox, like mail without SMTP. */
    smsProvider: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('smpp')])),
    /** Sender name or number shown to the recipient. */
    smsFrom: Type.Optional(Type.String({ maxLength: 64 })),
    /** SMS a month (UTC calendar month) per provider; beyond it SMS are refused and recorded as failed. */
    smsMonthlyCap: Type.Optional(Type.Integer({ minimum: 0 })),
    smsHttpUrl: Type.Optional(Type.String({ pattern: '^https?://', secret: 'url' })),
    smsHttpMethod: Type.Optional(Type.Union([Type.Literal('GET'), Type.Literal('POST')])),
    /** Body (POST) or query (GET) template with {{to}}, {{text}}, {{from}}; values are escaped for the content type. */
    smsHttpBody: Type.Optional(Type.String({ secret: 'template' })),
    smsHttpContentType: Type.Optional(Type.String()),
    /** A whole header line, e.g. "Authorization: Bearer KEY" or "X-Api-Key: KEY". */
    smsHttpAuthHeader: Type.Optional(Type.String({ secret: 'header' })),
    /** smpp://host:2775 or ssmpp://host:3550 (TLS). */
    smsSmppUrl: Type.Optional(Type.String({ pattern: '^s?smpp://', secret: 'url' })),
    smsSmppSystemId: Type.Optional(Type.String()),
    smsSmppPassword: Type.Optional(Type.String({ secret: true })),
    /** Worker threads that check sign-in passwords (scrypt, off libuv's pool; default 1). */
    loginHashWorkers: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
    /** Sign-ins waiting for a hashing worker; more are answered 503 with Retry-After (default 16). */
    loginHashQueue: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    /** Wrong passwords one source may try on one account before it must wait 1 s, 2 s, 4 s … (default 3). */
    loginFreeFailures: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    /** The longest wait between attempts of one source on one account, in seconds (default 60). */
    loginMaxDelaySeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    /** Failed sign-ins per account a minute from all new sources together; beyond it 429 unchecked (default 30). */
    loginAccountFailuresPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    /** Requests a minute each API token may make unless the token has its own limit (default 600). */
    apiRateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    /** Seconds one inbound message may take to read (parse, sanitise, fold) on its worker; longer: kept raw, rejected (default 10). */
    inboundPrepareSeconds: Type.Optional(Type.Number({ minimum: 0.1, maximum: 600 })),
    /**
     * Tests and demos only: the portal's login-link answer also carries the link. Refused with an https publicUrl,
     * where a real client could read anyone's link off the answer.
     */
    devLoginLinks: Type.Optional(Type.Boolean()),
    /**
     * Private ranges webhooks may call (CIDRs or addresses, comma or space separated), e.g. `192.168.10.0/24`:
     * loopback, private, link-local and unique-local addresses are refused otherwise (server-side request forgery).
     */
    webhookAllow: Type.Optional(Type.String({ maxLength: 4000 })),
    /**
     * Where the desk keeps its data: `sqlite` (default), the embedded file in the data dir, for one node; or
     * `postgres`, a PostgreSQL database at databaseUrl that several nodes share.
     */
    database: Type.Optional(Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')])),
    /** postgres://user:password@host:5432/ondesk — required with database `postgres`. */
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', secret: 'url' })),
    /** Connections to PostgreSQL this node keeps in its pool (default 10). */
    databasePool: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema> & { dataDir: string };

export const defaultConfig: Static<typeof ConfigSchema> = {
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info',
  trustProxy: false,
  sessionDays: 14,
  attachmentMaxBytes: 25 * 1024 * 1024,
};

/** ONDESK_FOO_BAR → fooBar; values parsed as the schema's type. */
const envKeys: Record<string, keyof Static<typeof ConfigSchema>> = {
  ONDESK_HOST: 'host',
  ONDESK_PORT: 'port',
  ONDESK_PUBLIC_URL: 'publicUrl',
  ONDESK_LOG_LEVEL: 'logLevel',
  ONDESK_SECURE_COOKIES: 'secureCookies',
  ONDESK_TRUST_PROXY: 'trustProxy',
  ONDESK_SESSION_DAYS: 'sessionDays',
  ONDESK_ATTACHMENT_MAX_BYTES: 'attachmentMaxBytes',
  ONDESK_REQUEST_TIMEOUT_SECONDS: 'requestTimeoutSeconds',
  ONDESK_MAX_CONNECTIONS_PER_SOURCE: 'maxConnectionsPerSource',
  ONDESK_SMTP_URL: 'smtpUrl',
  ONDESK_MAIL_FROM: 'mailFrom',
  ONDESK_INBOUND_SMTP_PORT: 'inboundSmtpPort',
  ONDESK_INBOUND_SMTP_TLS_CERT: 'inboundSmtpTlsCert',
  ONDESK_INBOUND_SMTP_TLS_KEY: 'inboundSmtpTlsKey',
  ONDESK_NODE_ID: 'nodeId',
  ONDESK_CLUSTER_LEASE_SECONDS: 'clusterLeaseSeconds',
  ONDESK_BACKUP_KEEP: 'backupKeep',
  ONDESK_EVENT_RETENTION_DAYS: 'eventRetentionDays',
  ONDESK_BACKUP_DIR: 'backupDir',
  ONDESK_FILES_DIR: 'filesDir',
  ONDESK_SMS_PROVIDER: 'smsProvider',
  ONDESK_SMS_FROM: 'smsFrom',
  ONDESK_SMS_MONTHLY_CAP: 'smsMonthlyCap',
  ONDESK_SMS_HTTP_URL: 'smsHttpUrl',
  ONDESK_SMS_HTTP_METHOD: 'smsHttpMethod',
  ONDESK_SMS_HTTP_BODY: 'smsHttpBody',
  ONDESK_SMS_HTTP_CONTENT_TYPE: 'smsHttpContentType',
  ONDESK_SMS_HTTP_AUTH_HEADER: 'smsHttpAuthHeader',
  ONDESK_SMS_SMPP_URL: 'smsSmppUrl',
  ONDESK_SMS_SMPP_SYSTEM_ID: 'smsSmppSystemId',
  ONDESK_SMS_SMPP_PASSWORD: 'smsSmppPassword',
  ONDESK_LOGIN_HASH_WORKERS: 'loginHashWorkers',
  ONDESK_LOGIN_HASH_QUEUE: 'loginHashQueue',
  ONDESK_LOGIN_FREE_FAILURES: 'loginFreeFailures',
  ONDESK_LOGIN_MAX_DELAY_SECONDS: 'loginMaxDelaySeconds',
  ONDESK_LOGIN_ACCOUNT_FAILURES_PER_MINUTE: 'loginAccountFailuresPerMinute',
  ONDESK_DEV_LOGIN_LINKS: 'devLoginLinks',
  ONDESK_WEBHOOK_ALLOW: 'webhookAllow',
  ONDESK_API_RATE_LIMIT_PER_MINUTE: 'apiRateLimitPerMinute',
  ONDESK_DATABASE: 'database',
  ONDESK_DATABASE_URL: 'databaseUrl',
  ONDESK_DATABASE_POOL: 'databasePool',
};

export class ConfigError extends Error {}

function parseEnvValue(key: string, raw: string): unknown {
  const schema = (ConfigSchema.properties as Record<string, { type?: string }>)[key];
  // trustProxy: true / false as before, or a comma-separated list of proxy addresses and CIDRs.
  if (key === 'trustProxy' && !/^(true|false|1|0)$/.test(raw))
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (key === 'trustProxy') return raw === 'true' || raw === '1';
  if (schema?.type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (schema?.type === 'boolean')
    return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
}

/** The directory stored files live in (setting filesDir; default the data dir, the layout of a single node). */
export function filesDirOf(config: Pick<Config, 'dataDir' | 'filesDir'>): string {
  return resolve(config.dataDir, config.filesDir ?? '.');
}

export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.ONDESK_DATA_DIR ?? './data');
}

export function loadConfig(options: {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Partial<Static<typeof ConfigSchema>>;
}): Config {
  const env = options.env ?? process.env;
  const file = join(options.dataDir, 'ondesk.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new ConfigError(`${file} must hold a JSON object`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(envKeys)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') fromEnv[key] = parseEnvValue(key, raw);
  }
  const overrides = Object.fromEntries(Object.entries(options.overrides ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...defaultConfig, ...fromFile, ...fromEnv, ...overrides };
  const firstError = [...Value.Errors(ConfigSchema, merged)][0];
  if (firstError) {
    const key = firstError.path.replace(/^\//, '').replace(/\//g, '.') || '(root)';
    const source =
      key in fromEnv
        ? `environment (${Object.keys(envKeys).find((k) => envKeys[k] === key)})`
        : key in fromFile
          ? file
          : 'settings';
    const message =
      /additional/i.test(firstError.message) ||
      (firstError.schema as { additionalProperties?: unknown }).additionalProperties === false
        ? `unknown setting "${key}" in ${source}`
        : `setting "${key}" in ${source}: ${firstError.message}`;
    throw new ConfigError(message);
  }
  const config = merged as Static<typeof ConfigSchema>;
  if (config.database === 'postgres' && !config.databaseUrl)
    throw new ConfigError(
      'setting "databaseUrl" (ONDESK_DATABASE_URL) is required when "database" is postgres: e.g. postgres://ondesk:secret@db.example:5432/ondesk',
    );
  if (config.devLoginLinks && config.publicUrl?.startsWith('https://'))
    throw new ConfigError(
      `devLoginLinks (ONDESK_DEV_LOGIN_LINKS) puts portal login links in the answer, which is for tests and demos only; it is refused when publicUrl (${config.publicUrl}) is https — unset it`,
    );
  return { ...config, dataDir: options.dataDir };
}
