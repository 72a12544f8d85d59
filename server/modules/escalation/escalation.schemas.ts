import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import type { AgreementTier } from '../../db/schema.js';

const tiers: AgreementTier[] = ['8x5', '24x7', 'premium', 'custom'];

// An enum rather than a union of literals: a wrong tier is refused with one message naming the tiers.
export const TierSchema = Type.Unsafe<AgreementTier>({
  type: 'string',
  enum: tiers,
  description: `agreement tier: ${tiers.join(', ')}`,
});

export const TierParams = Type.Object({ tier: TierSchema }, { additionalProperties: false });

// Checked by the service (policyProblems), which says in words what a target may be.
const Target = Type.String({
  minLength: 1,
  maxLength: 40,
  description: "'line:<position>' (that support line's duty engineer), 'duty_manager' or 'agent:<id>'",
});

const Step = Type.Object(
  {
    target: Target,
    delayMinutes: Type.Integer({
      minimum: 0,
      maximum: 1440,
      description: 'minutes after the previous page (the first step: after the chain starts)',
    }),
  },
  { additionalProperties: false },
);

export const PolicyBody = Type.Object(
  {
    steps: Type.Array(Step, { minItems: 1, maxItems: 10 }),
    repeatCount: Type.Integer({ minimum: 1, maximum: 10, description: 'rounds of the whole chain at most' }),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object({
  tier: TierSchema,
  steps: Type.Array(Step),
  repeatCount: Type.Integer(),
  custom: Type.Boolean({ description: 'false while the tier runs on the built-in default' }),
  updatedAt: OrNull.String(),
});

export const PolicyList = Type.Object({ items: Type.Array(PolicySchema) });

const Page = Type.Object({
  step: Type.Integer({ description: '0-based step of the frozen policy' }),
  round: Type.Integer({ description: '0-based round' }),
  target: Type.String(),
  agentId: Type.Integer(),
  agentName: Type.String(),
  channels: Type.Array(Type.Union([Type.Literal('sms'), Type.Literal('email')])),
  at: Type.String(),
  acknowledgedAt: OrNull.String(),
});

export const EscalationSchema = Type.Object({
  ticketId: Type.Integer(),
  policy: Type.Object({ tier: TierSchema, steps: Type.Array(Step), repeatCount: Type.Integer() }),
  startedAt: Type.String(),
  step: Type.Integer({ description: 'the next step to page (while nextAt is set)' }),
  round: Type.Integer(),
  nextAt: OrNull.String(),
  acknowledgedAt: OrNull.String(),
  acknowledgedBy: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  stoppedReason: Type.Union([
    Type.Literal('acknowledged'),
    Type.Literal('exhausted'),
    Type.Literal('resolved'),
    Type.Null(),
  ]),
  pages: Type.Array(Page),
});

/** The ticket's chain, or null when none started (not 24x7/premium, or in hours and not P1). */
export const TicketEscalationSchema = Type.Object({ chain: Type.Union([EscalationSchema, Type.Null()]) });
