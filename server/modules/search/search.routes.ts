import { Type } from '@sinclair/typebox';
import { problemResponses, type App } from '../../http/types.js';
import { search } from './search.service.js';

const Kind = Type.Union(['ticket', 'comment', 'organization', 'contact'].map((k) => Type.Literal(k)));
const Status = Type.Union(
  ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'].map((s) => Type.Literal(s)),
);

export async function searchRoutes(app: App) {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'One search box over tickets, comments, organizations and contacts: Russian and English word forms, ' +
          'exact codes, "quoted phrases", #number; ranked, highlighted, every match reachable by cursor',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 200 }),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            kind: Type.Optional(
              Type.String({
                pattern: '^(ticket|comment|organization|contact)(,(ticket|comment|organization|contact))*$',
              }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 40 })),
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
                number: Type.Optional(Type.Integer()),
                status: Type.Optional(Status),
                organizationName: Type.Optional(Type.String()),
                createdAt: Type.Optional(Type.String({ format: 'date-time' })),
              }),
            ),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            indexing: Type.Optional(Type.Object({ done: Type.Integer(), total: Type.Integer() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) =>
      search(req.ctx(), {
        q: req.query.q,
        limit: req.query.limit,
        kinds: req.query.kind?.split(','),
        cursor: req.query.cursor,
      }),
  );
}
