import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
    trustProxy: Type.Boolean(),
    sessionDays: Type.Integer({ minimum: 1, maximum: 365 }),
    attachmentMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
    smtpUrl: Type.Optional(Type.String()),
    mailFrom: Type.Optional(Type.String()),
    inboundSmtpPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** Fixes this node's id where the machine id changes (containers); see `ondesk node id`. */
    nodeId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' })),
    mailboxes: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
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
  ONDESK_SMTP_URL: 'smtpUrl',
  ONDESK_MAIL_FROM: 'mailFrom',
  ONDESK_INBOUND_SMTP_PORT: 'inboundSmtpPort',
  ONDESK_NODE_ID: 'nodeId',
};

export class ConfigError extends Error {}

function parseEnvValue(key: string, raw: string): unknown {
  const schema = (ConfigSchema.properties as Record<string, { type?: string }>)[key];
  if (schema?.type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (schema?.type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  return raw;
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
    const source = key in fromEnv ? `environment (${Object.keys(envKeys).find((k) => envKeys[k] === key)})` : key in fromFile ? file : 'settings';
    const message =
      /additional/i.test(firstError.message) || (firstError.schema as { additionalProperties?: unknown }).additionalProperties === false
        ? `unknown setting "${key}" in ${source}`
        : `setting "${key}" in ${source}: ${firstError.message}`;
    throw new ConfigError(message);
  }
  return { ...(merged as Static<typeof ConfigSchema>), dataDir: options.dataDir };
}
