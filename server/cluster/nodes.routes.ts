import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../http/types.js';
import type { Installation } from '../installation.js';
import { listNodes } from './nodes.js';
import { clusterTiming } from './timing.js';

const NodeView = Type.Object({
  nodeId: Type.String(),
  version: Type.String(),
  address: Type.String(),
  hostname: Type.String(),
  pid: Type.Integer(),
  schemaVersion: Type.String(),
  startedAt: Type.String(),
  heartbeatAt: Type.String(),
  heartbeatAgeSeconds: Type.Integer(),
  state: Type.Union([Type.Literal('live'), Type.Literal('stale'), Type.Literal('stopped')]),
  thisNode: Type.Boolean(),
  leases: Type.Array(Type.Object({ name: Type.String(), token: Type.Integer(), expiresAt: Type.String() })),
});

export async function nodeRoutes(app: App, opts: { installation: Installation }) {
  const { liveMs } = clusterTiming(opts.installation.config);
  app.get(
    '/nodes',
    {
      schema: {
        tags: ['nodes'],
        summary: "The installation's server nodes: version, address, live or not, and the leases each holds (admins)",
        response: {
          200: Type.Object({ items: Type.Array(NodeView), liveSeconds: Type.Integer() }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ items: await listNodes(req.ctx(), liveMs), liveSeconds: Math.round(liveMs / 1000) }),
  );
}
