import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import * as schemas from './support-lines.schemas.js';
import {
  deEscalateTicket,
  escalateTicket,
  listSupportLines,
  saveSupportLines,
  setExternalIssue,
  ticketLineView,
} from './support-lines.service.js';

/** A move sent as a bare POST has no body: the service then asks for the note (422), not the schema (400). */
const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

export async function supportLineRoutes(app: App) {
  const tags = ['support lines'];
  const lines = { 200: Type.Object({ items: Type.Array(schemas.LineWithTeamSchema) }), ...problemResponses };
  const view = { 200: schemas.TicketLineViewSchema, 422: Type.Ref('Problem'), ...problemResponses };

  app.get(
    '/support-lines',
    { schema: { tags, summary: 'The support lines in order (L1 → L2 → development)', response: lines } },
    async (req) => ({ items: await listSupportLines(req.ctx()) }),
  );
  app.put(
    '/support-lines',
    {
      schema: {
        tags,
        summary: 'Replace the support lines: their order is the list order; development lines come last',
        body: schemas.SaveLinesBody,
        response: lines,
      },
    },
    async (req) => ({ items: await saveSupportLines(req.ctx(), req.body.lines) }),
  );
  app.get(
    '/tickets/:id/support-line',
    {
      schema: {
        tags,
        summary:
          "The ticket's support line, its moves with handoff notes, the external issue, and which agreement applies and why",
        params: IdParams,
        response: view,
      },
    },
    async (req) => ticketLineView(req.ctx(), req.params.id),
  );
  app.post(
    '/tickets/:id/escalate',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary:
          'Move the ticket to the next support line with a handoff note (422 without one); the SLA deadlines stay as they are',
        params: IdParams,
        body: schemas.MoveBody,
        response: view,
      },
    },
    async (req) => escalateTicket(req.ctx(), req.params.id, req.body),
  );
  app.post(
    '/tickets/:id/de-escalate',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Return the ticket to the line below, with a note (to the engineer who escalated it from there)',
        params: IdParams,
        body: schemas.MoveBody,
        response: view,
      },
    },
    async (req) => deEscalateTicket(req.ctx(), req.params.id, req.body),
  );
  app.put(
    '/tickets/:id/external-issue',
    {
      schema: {
        tags,
        summary: "The external tracker's issue of a ticket escalated to development: its address and state",
        params: IdParams,
        body: schemas.ExternalIssueBody,
        response: view,
      },
    },
    async (req) => setExternalIssue(req.ctx(), req.params.id, req.body),
  );
}
