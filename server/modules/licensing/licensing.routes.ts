import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { MAX_TOKEN_BYTES } from '../../../licenses/verify.js';
import * as licensing from './licensing.service.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Warning = Type.Object({
  code: Type.String(),
  level: Type.String(),
  message: Type.String(),
  days: Type.Optional(Type.Integer()),
});
const LicenseStatus = Type.Object({
  mode: Type.Union([Type.Literal('free'), Type.Literal('licensed'), Type.Literal('grace'), Type.Literal('expired')]),
  licenseId: Nullable(Type.String()),
  customer: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  tier: Nullable(Type.String()),
  seats: Type.Object({ used: Type.Integer(), allowed: Type.Integer() }),
  nodes: Type.Object({
    registered: Type.Array(Type.Object({ nodeId: Type.String(), expiresAt: Type.String(), appliedAt: Type.String() })),
    allowed: Type.Integer(),
  }),
  termEnd: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  upgradesUntil: Nullable(Type.String()),
  features: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
  nodeId: Type.String(),
  nodeLicensed: Type.Boolean(),
  buildDate: Type.String(),
  build: Type.Object(
    {
      kind: Type.Union([Type.Literal('production'), Type.Literal('staging')]),
      productKeyIds: Type.Array(Type.String()),
      extraKeyIds: Type.Array(Type.String()),
    },
    { description: 'A staging build also trusts extra (vendor test) keys, listed in extraKeyIds' },
  ),
  warnings: Type.Array(Warning),
  seatUsage: Type.Array(Type.Object({ day: Type.String(), maxActive: Type.Integer() })),
});

export async function licensingRoutes(app: App) {
  const tags = ['license'];
  app.get(
    '/license',
    {
      schema: {
        tags,
        summary: 'The license in force: customer, tier, seats, nodes, term, features, warnings',
        response: { 200: LicenseStatus, ...problemResponses },
      },
    },
    async (req) => licensing.licenseStatus(req.ctx()),
  );
  app.post(
    '/license',
    {
      schema: {
        tags,
        summary: 'Apply a vendor-signed token: a license, a node token or a revocation list',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: MAX_TOKEN_BYTES + 2 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ kind: Type.String(), id: Type.String(), message: Type.String() }),
          ...problemResponses,
        },
      },
    },
    async (req) => licensing.applyToken(req.ctx(), req.body.token),
  );
  app.delete(
    '/license/nodes/:nodeId',
    {
      schema: {
        tags,
        summary: 'Unregister a node (frees a node of the license)',
        params: Type.Object({ nodeId: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await licensing.removeNode(req.ctx(), req.params.nodeId);
      return reply.status(204).send(null);
    },
  );
}
