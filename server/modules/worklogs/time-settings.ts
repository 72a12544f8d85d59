import type { Kysely } from 'kysely';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { briefCache } from '../../shared/brief-cache.js';
import { authorize } from '../auth/index.js';
import { defaultTypeBillable, type TypeBillable } from './billable-default.js';
import * as repo from './worklogs.repository.js';

/** Desk-wide settings of time tracking. */
export interface TimeSettings {
  /** Work dated on or before this day is locked: closed for changes (a month that has been billed). */
  lockedUntil: string | null;
  typeBillable: TypeBillable;
}

const KEY = 'time.settings';
const cache = briefCache('time-settings');

export async function timeSettings(db: Kysely<Database>): Promise<TimeSettings> {
  const raw = await repo.readSetting(db, KEY);
  const stored = raw ? (JSON.parse(raw) as Partial<TimeSettings>) : {};
  return {
    lockedUntil: stored.lockedUntil ?? null,
    typeBillable: { ...defaultTypeBillable, ...stored.typeBillable },
  };
}

export const readTimeSettings = (ctx: Ctx) => cache.get(ctx, KEY, () => timeSettings(ctx.db));

export async function saveTimeSettings(ctx: Ctx, input: TimeSettings): Promise<TimeSettings> {
  authorize(ctx.actor, 'settings.manage');
  await inTransaction(ctx, async (tx) => {
    await repo.writeSetting(tx.db, KEY, JSON.stringify(input));
    cache.forget(tx);
  });
  return timeSettings(ctx.db);
}
