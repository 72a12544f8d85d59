import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { search } from './search.service.js';

const Kind = Type.Union(['ticket', 'comment', 'organization', 'contact'].map((k) => Type.Literal(k)));

export async function searchRoutes(app: App) {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'One search box over tickets, comments, organizations and contacts (ranked, highlighted)',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 200 }),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            kind: Type.Optional(
              Type.String({
                pattern: '^(ticket|comment|organization|contact)(,(ticket|comment|organization|contact))*$',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                kind: Kind,
                id: Type.Integer(),
                title: Type.String(),
                snippet: Type.String(),
                ticketId: Type.Optional(Type.Integer()),
                organizationId: Type.Optional(Type.Integer()),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      items: await search(req.ctx(), { q: req.query.q, limit: req.query.limit, kinds: req.query.kind?.split(',') }),
    }),
  );
}
