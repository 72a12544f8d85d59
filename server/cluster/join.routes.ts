import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../http/types.js';
import type { Installation } from '../installation.js';
import { joinInfo } from './join-info.js';

const JoinInfoSchema = Type.Object({
  installationId: Type.String(),
  nodeId: Type.String(),
  database: Type.Literal('postgres'),
  databaseUrl: Type.String(),
  filesDir: Type.Optional(Type.String()),
  clusterLeaseSeconds: Type.Optional(Type.Integer()),
  publicUrl: Type.Optional(Type.String()),
});

/** The header `ondesk install --join` sends the node token in. */
export const NODE_TOKEN_HEADER = 'x-ondesk-node-token';

export async function joinRoutes(app: App, opts: { installation: Installation }) {
  app.get(
    '/cluster/join-info',
    {
      schema: {
        tags: ['nodes'],
        summary:
          'What a new node needs to join (the shared database, files directory): for `ondesk install --join`, authenticated by that node’s token from the vendor in the X-Ondesk-Node-Token header',
        response: { 200: JoinInfoSchema, ...problemResponses },
      },
      // Not a session or an API token: the vendor-signed node token is the credential (checked in joinInfo).
      config: { public: true },
    },
    async (req) => {
      // A header of its own: "Authorization: Bearer" is an API token's, and an unknown one is refused before this.
      const header = req.headers[NODE_TOKEN_HEADER];
      const token = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
      const ctx = { ...opts.installation.ctx({ kind: 'system', name: 'cluster-join' }), log: req.log };
      return joinInfo(ctx, opts.installation.config, token);
    },
  );
}
