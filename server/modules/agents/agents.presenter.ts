import { OrNull } from '../../http/types.js';
import { Type, type Static } from '@sinclair/typebox';
import type { AgentRow } from './agents.repository.js';

export const AgentSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  active: Type.Boolean(),
  language: Type.String(),
  timezone: OrNull.String(),
  phone: OrNull.String(),
  createdAt: Type.String(),
});

export function presentAgent(a: AgentRow): Static<typeof AgentSchema> {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    role: a.role,
    active: a.active === 1,
    language: a.language,
    timezone: a.timezone,
    phone: a.phone,
    createdAt: a.created_at,
  };
}
