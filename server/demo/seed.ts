import type { Installation } from '../installation.js';
import { createAgent } from '../modules/agents/agents.service.js';

export const DEMO_LOGIN = { email: 'admin@demo.ondesk', password: 'demo-password' };

/** Fills an empty installation with a demo desk; does nothing when any agent exists. */
export async function seedDemoIfEmpty(inst: Installation): Promise<typeof DEMO_LOGIN | null> {
  const existing = await inst.database.db.selectFrom('agents').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const ctx = inst.ctx();
  await createAgent(ctx, { email: DEMO_LOGIN.email, name: 'Demo Admin', role: 'admin', password: DEMO_LOGIN.password, language: 'en' });
  return DEMO_LOGIN;
}
