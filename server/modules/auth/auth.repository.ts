import { sql, type Kysely } from 'kysely';
import type { ApiTokenScope, Database } from '../../db/schema.js';

export function findAgentById(db: Kysely<Database>, id: number) {
  return db.selectFrom('agents').select(['id', 'active']).where('id', '=', id).executeTakeFirst();
}

export function findAgentByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('agents').selectAll().where('email', '=', email).executeTakeFirst();
}

export function insertSession(db: Kysely<Database>, row: Database['sessions']) {
  return db.insertInto('sessions').values(row).execute();
}

export function findSessionWithAgent(db: Kysely<Database>, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agent_id')
    .select([
      'sessions.id as sessionId',
      'sessions.csrf_token as csrfToken',
      'sessions.expires_at as expiresAt',
      'sessions.last_seen_at as lastSeenAt',
      'agents.id as agentId',
      'agents.name',
      'agents.role',
      'agents.language',
      'agents.active',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
}

export function touchSession(db: Kysely<Database>, sessionId: string, at: string, expiresAt: string) {
  return db
    .updateTable('sessions')
    .set({ last_seen_at: at, expires_at: expiresAt })
    .where('id', '=', sessionId)
    .execute();
}

export function deleteSession(db: Kysely<Database>, sessionId: string) {
  return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export function deleteAgentSessions(db: Kysely<Database>, agentId: number) {
  return db.deleteFrom('sessions').where('agent_id', '=', agentId).execute();
}

/** Counted in SQL, not read-then-written: parallel failures all count. (No lockout: see rate-limit.ts.) */
export function recordFailedLogin(db: Kysely<Database>, agentId: number) {
  return db
    .updateTable('agents')
    .set({ failed_logins: sql<number>`failed_logins + 1` })
    .where('id', '=', agentId)
    .returning('failed_logins')
    .executeTakeFirst();
}

export function findAgentPasswordHash(db: Kysely<Database>, agentId: number) {
  return db.selectFrom('agents').select(['password_hash']).where('id', '=', agentId).executeTakeFirst();
}

export function clearFailedLogins(db: Kysely<Database>, agentId: number) {
  return db.updateTable('agents').set({ failed_logins: 0, locked_until: null }).where('id', '=', agentId).execute();
}

export function insertApiToken(
  db: Kysely<Database>,
  row: Omit<Database['api_tokens'], 'id' | 'last_used_at' | 'revoked_at' | 'scope' | 'scopes'> & {
    scope: ApiTokenScope;
    scopes: string;
  },
) {
  return db.insertInto('api_tokens').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findApiTokenWithAgent(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.revoked_at as revokedAt',
      'api_tokens.scope',
      'api_tokens.scopes',
      'api_tokens.rate_limit_per_minute as rateLimitPerMinute',
      'api_tokens.expires_at as expiresAt',
      'agents.id as agentId',
      'agents.name',
      'agents.role',
      'agents.language',
      'agents.active',
    ])
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function touchApiToken(db: Kysely<Database>, tokenId: number, at: string) {
  return db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

export function listApiTokens(db: Kysely<Database>, agentId?: number) {
  let q = db
    .selectFrom('api_tokens')
    .select([
      'id',
      'agent_id',
      'name',
      'prefix',
      'scope',
      'scopes',
      'rate_limit_per_minute',
      'created_at',
      'expires_at',
      'last_used_at',
      'revoked_at',
    ]);
  if (agentId !== undefined) q = q.where('agent_id', '=', agentId);
  return q.orderBy('id').execute();
}

export function revokeApiToken(db: Kysely<Database>, tokenId: number, at: string, agentId?: number) {
  let q = db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null);
  if (agentId !== undefined) q = q.where('agent_id', '=', agentId);
  return q.executeTakeFirst();
}

/** Deactivation revokes every live token of the agent: reactivating them later does not bring them back. */
export function revokeAgentApiTokens(db: Kysely<Database>, agentId: number, at: string) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('agent_id', '=', agentId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
