import { Type, type Static } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { Macro } from '../../db/schema.js';

const StatusSchema = Type.Union([
  Type.Literal('new'),
  Type.Literal('open'),
  Type.Literal('in_progress'),
  Type.Literal('waiting_for_client'),
  Type.Literal('on_approval'),
  Type.Literal('resolved'),
  Type.Literal('closed'),
]);
const PrioritySchema = Type.Union([Type.Literal('P1'), Type.Literal('P2'), Type.Literal('P3'), Type.Literal('P4')]);

export const MacroSetSchema = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    priority: Type.Optional(PrioritySchema),
    assigneeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const MacroSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  body: Type.String(),
  shared: Type.Boolean(),
  ownerAgentId: OrNull.Integer(),
  set: MacroSetSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export function presentMacro(m: Macro): Static<typeof MacroSchema> {
  return {
    id: m.id,
    name: m.name,
    body: m.body,
    shared: m.owner_agent_id === null,
    ownerAgentId: m.owner_agent_id,
    set: {
      ...(m.set_status !== null && { status: m.set_status }),
      ...(m.set_priority !== null && { priority: m.set_priority }),
      ...(m.set_assignee_id !== null && { assigneeId: m.set_assignee_id }),
    },
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}
