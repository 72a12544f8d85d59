import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** What an existing data dir already holds, read without changing it (read-only, no migrations). */
export interface ExistingState {
  installationId?: string;
  licenseToken?: string;
  licenseJti?: string;
  highestLsq?: number;
  nodeTokenJtis: Map<string, string>;
  /** The first admin the answers name is already an agent: a re-run must not create (or re-password) it. */
  adminExists: boolean;
}

export function readExisting(dbFile: string, adminEmail: string): ExistingState {
  const state: ExistingState = { nodeTokenJtis: new Map(), adminExists: false };
  if (!existsSync(dbFile)) return state;
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const get = <T>(sql: string, ...params: unknown[]): T | undefined => {
      try {
        return db!.prepare(sql).get(...params) as T | undefined;
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
    state.adminExists = get('select 1 as found from agents where email = ?', adminEmail) !== undefined;
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
