import pg from 'pg';
import { redactedUrl } from '../server/db/postgres.js';
import type { CheckResult } from './preflight.js';
import type { ExistingState } from './existing.js';
import { InstallRefused } from './tokens.js';
import type { JoinInfo } from '../server/cluster/index.js';

/** The oldest PostgreSQL Ondesk runs on (13: the oldest release still supported by its project when this was written). */
export const MIN_POSTGRES_VERSION_NUM = 130000;

export type PostgresProbe = { versionNum: number; version: string } | { error: string };

/** A message of the driver with the URL (and so its password) replaced by the redacted URL. */
const scrub = (message: string, url: string) => message.split(url).join(redactedUrl(url));

/** Connects once to `url` and asks the server's version; never throws. */
export async function probePostgres(url: string, timeoutMs = 5000): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string; server_version: string }>(
      `select current_setting('server_version_num') as server_version_num, current_setting('server_version') as server_version`,
    );
    return { versionNum: Number(rows[0]!.server_version_num), version: rows[0]!.server_version };
  } catch (err) {
    return { error: scrub((err as Error).message, url) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The preflight line of the database: it answers, and is PostgreSQL 13 or newer. */
export function postgresCheck(probe: PostgresProbe, url: string): CheckResult {
  const where = redactedUrl(url);
  if ('error' in probe)
    return {
      name: 'postgres',
      status: 'fail',
      message: `cannot connect to ${where}: ${probe.error} — check --database-url (host, port, user, password, database) and that this server may reach it`,
    };
  if (probe.versionNum < MIN_POSTGRES_VERSION_NUM)
    return {
      name: 'postgres',
      status: 'fail',
      message: `${where} is PostgreSQL ${probe.version}: Ondesk needs PostgreSQL 13 or newer`,
    };
  return { name: 'postgres', status: 'ok', message: `PostgreSQL ${probe.version} at ${where}` };
}

/** What the shared database already holds (a second node's install, a re-run), read without changing it. */
export async function readExistingPostgres(url: string, adminEmail: string): Promise<ExistingState> {
  const state: ExistingState = { nodeTokenJtis: new Map(), adminExists: false };
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  const get = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> => {
    try {
      return (await client.query<T>(text, params)).rows;
    } catch {
      return []; // an empty database: the tables come with the migrations
    }
  };
  try {
    state.installationId = (await get<{ value: string }>(`select value from settings where key = 'installation_id'`))[0]
      ?.value;
    const lic = (
      await get<{ token: string; jti: string }>('select token, jti from licenses order by lsq desc, id desc limit 1')
    )[0];
    state.licenseToken = lic?.token;
    state.licenseJti = lic?.jti;
    const lsq = (await get<{ lsq: number | null }>('select max(lsq) as lsq from licenses'))[0]?.lsq;
    if (lsq !== null && lsq !== undefined) state.highestLsq = Number(lsq);
    state.adminExists = (await get('select 1 as found from agents where email = $1', [adminEmail])).length > 0;
    for (const row of await get<{ node_id: string; jti: string }>('select node_id, jti from node_tokens'))
      state.nodeTokenJtis.set(row.node_id, row.jti);
  } finally {
    await client.end().catch(() => {});
  }
  return state;
}

/** What a running node tells a joining one: the route's own answer (server/cluster/join-info.ts). */
export type JoinAnswer = JoinInfo;

export async function fetchJoinInfo(joinUrl: string, nodeToken: string, timeoutMs = 10_000): Promise<JoinAnswer> {
  const url = `${joinUrl}/api/v1/cluster/join-info`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { 'x-ondesk-node-token': nodeToken, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new InstallRefused(
      `cannot reach the node at ${joinUrl} (${cause}): check --join and that the first node runs and this server may reach it; nothing was changed`,
    );
  }
  const body = (await res.json().catch(() => null)) as (Partial<JoinAnswer> & { detail?: string }) | null;
  if (!res.ok)
    throw new InstallRefused(
      `the node at ${joinUrl} refused to let this node join (${res.status}): ${body?.detail ?? res.statusText}; nothing was changed`,
    );
  if (!body || typeof body.databaseUrl !== 'string' || typeof body.nodeId !== 'string' || !body.installationId)
    throw new InstallRefused(`${url} did not answer as an Ondesk node does; check --join; nothing was changed`);
  return body as JoinAnswer;
}
