import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { ServiceRow } from './services.repository.js';

export const ServiceSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: OrNull.String(),
  category: OrNull.String(),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function presentService(s: ServiceRow): Static<typeof ServiceSchema> {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    category: s.category,
    active: s.active === 1,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}
