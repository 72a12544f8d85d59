import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The problem+json body every error answers with; listed in each route's responses for the OpenAPI doc. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: 'Problem' },
);

export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
  409: Type.Ref('Problem'),
};

/** A list page: `{ items, nextCursor }`. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** Optional nullable string for PATCH bodies. */
export const NullableString = (opts: { maxLength: number }) => Type.Union([Type.String(opts), Type.Null()]);

/**
 * `T | null` for response schemas, written as a JSON-schema type array: the response serializer handles it
 * directly, while an anyOf would make it run a validator on every value.
 */
export const OrNull = {
  String: (): TUnsafe<string | null> => Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  Integer: (): TUnsafe<number | null> => Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  Number: (): TUnsafe<number | null> => Type.Unsafe<number | null>({ type: ['number', 'null'] }),
};
