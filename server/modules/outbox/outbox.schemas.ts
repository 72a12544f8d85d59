import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';
import { OutboxItemView } from './outbox.presenter.js';

export const OutboxListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);

export const OutboxOverviewView = Type.Object({
  items: Type.Array(OutboxItemView),
  counts: Type.Array(Type.Object({ status: Type.String(), channel: Type.String(), count: Type.Integer() })),
  /** Whether anything sends each channel: without it, messages of that channel wait here. */
  delivery: Type.Object({ email: Type.Boolean(), sms: OrNull.String() }),
});
