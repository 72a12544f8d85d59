import type { AgreementTier } from '../../db/schema.js';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import {
  EscalationSchema,
  PolicyBody,
  PolicyList,
  PolicySchema,
  TicketEscalationSchema,
  TierParams,
} from './escalation.schemas.js';
import * as escalation from './escalation.service.js';

export async function escalationRoutes(app: App) {
  const tags = ['escalation'];
  app.get(
    '/escalation-policies',
    {
      schema: {
        tags,
        summary: 'The escalation policy of every agreement tier (the built-in default where none was saved)',
        response: { 200: PolicyList, ...problemResponses },
      },
    },
    async (req) => ({ items: await escalation.listPolicies(req.ctx()) }),
  );
  app.get(
    '/escalation-policies/:tier',
    { schema: { tags, params: TierParams, response: { 200: PolicySchema, ...problemResponses } } },
    async (req) => escalation.getPolicy(req.ctx(), req.params.tier as AgreementTier),
  );
  app.put(
    '/escalation-policies/:tier',
    {
      schema: {
        tags,
        summary: "Set a tier's chain; chains already running keep the copy frozen when they started",
        params: TierParams,
        body: PolicyBody,
        response: { 200: PolicySchema, ...problemResponses },
      },
    },
    async (req) => escalation.savePolicy(req.ctx(), req.params.tier as AgreementTier, req.body),
  );
  app.get(
    '/tickets/:id/escalation',
    {
      schema: {
        tags,
        summary: "The ticket's escalation chain as frozen when it started, its pages and the next page time",
        params: IdParams,
        response: { 200: TicketEscalationSchema, ...problemResponses },
      },
    },
    async (req) => ({ chain: await escalation.ticketEscalation(req.ctx(), req.params.id) }),
  );
  app.post(
    '/tickets/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'Acknowledge a paged ticket: its escalation chain stops (409 when no chain started)',
        params: IdParams,
        response: { 200: EscalationSchema, ...problemResponses },
      },
    },
    async (req) => (await escalation.acknowledgeTicket(req.ctx(), req.params.id))!,
  );
}
