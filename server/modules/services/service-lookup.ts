import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import * as repo from './services.repository.js';

/** Catalogue services by id, for other modules checking references (no permission implied). */
export const servicesByIds = (db: Kysely<Database>, ids: readonly number[]) => repo.findServices(db, ids);
