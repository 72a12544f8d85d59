import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import { copyAgreement, renewAgreement } from './agreement-renewal.service.js';
import { activateAgreement, planAgreement, terminateAgreement } from './agreement-status.service.js';
import { AgreementSchema, AgreementSummarySchema, HistorySchema, TargetSchema } from './agreements.presenter.js';
import {
  AgreementListQuery,
  CopyBody,
  CreateAgreementBody,
  ReasonBody,
  RenewBody,
  ServicesBody,
  TargetsBody,
  TerminateBody,
  UpdateAgreementBody,
} from './agreements.schemas.js';
import * as agreements from './agreements.service.js';
import { presetTargets, tierPresets } from './tier-presets.js';

/**
 * Actions are often sent as a bare `POST` (curl, scripts, a button): no body means an empty one, so the schema
 * still applies and a missing required field (terminate's reason) is named like any other.
 */
const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

export async function agreementRoutes(app: App) {
  const tags = ['agreements'];
  const one = { 200: AgreementSchema, ...problemResponses };

  app.get(
    '/agreements',
    {
      schema: {
        tags,
        summary:
          'Agreements by end date or number; filters: status (csv), organizationId, q (number, title), expiringWithinDays',
        querystring: AgreementListQuery,
        response: { 200: Page(AgreementSummarySchema), ...problemResponses },
      },
    },
    async (req) => agreements.listAgreements(req.ctx(), req.query),
  );
  app.post(
    '/agreements',
    {
      schema: {
        tags,
        summary:
          'Create an agreement; a planned one whose period has begun is active at once; targets default to the tier presets',
        body: CreateAgreementBody,
        response: { 201: AgreementSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await agreements.createAgreement(req.ctx(), req.body)),
  );
  app.get(
    '/agreements/tier-presets',
    {
      schema: {
        tags,
        summary: 'The default SLA targets of each tier (business minutes)',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ tier: Type.String(), roundTheClock: Type.Boolean(), targets: Type.Array(TargetSchema) }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      req.ctx();
      return {
        items: (Object.keys(tierPresets) as Array<keyof typeof tierPresets>).map((tier) => ({
          tier,
          roundTheClock: tierPresets[tier].roundTheClock,
          targets: presetTargets(tier) ?? [],
        })),
      };
    },
  );
  app.get('/agreements/:id', { schema: { tags, params: IdParams, response: one } }, async (req) =>
    agreements.getAgreement(req.ctx(), req.params.id),
  );
  app.patch(
    '/agreements/:id',
    {
      schema: {
        tags,
        summary: 'Change an agreement; the terms of an expired or terminated one are kept (409)',
        params: IdParams,
        body: UpdateAgreementBody,
        response: one,
      },
    },
    async (req) => agreements.updateAgreement(req.ctx(), req.params.id, req.body),
  );
  app.put(
    '/agreements/:id/targets',
    {
      schema: {
        tags,
        summary: 'Replace the SLA matrix (an empty list restores the tier presets)',
        params: IdParams,
        body: TargetsBody,
        response: one,
      },
    },
    async (req) => agreements.replaceTargets(req.ctx(), req.params.id, req.body.targets),
  );
  app.put(
    '/agreements/:id/services',
    { schema: { tags, summary: 'Replace the covered services', params: IdParams, body: ServicesBody, response: one } },
    async (req) => agreements.replaceServices(req.ctx(), req.params.id, req.body.serviceIds),
  );
  app.get(
    '/agreements/:id/history',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(HistorySchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await agreements.agreementHistory(req.ctx(), req.params.id) }),
  );
  app.post(
    '/agreements/:id/plan',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Draft → planned (active at once if its period has begun)',
        params: IdParams,
        body: ReasonBody,
        response: one,
      },
    },
    async (req) => planAgreement(req.ctx(), req.params.id, req.body.reason),
  );
  app.post(
    '/agreements/:id/activate',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'Activate by hand (draft or planned); an active agreement is returned unchanged',
        params: IdParams,
        body: ReasonBody,
        response: one,
      },
    },
    async (req) => activateAgreement(req.ctx(), req.params.id, req.body.reason),
  );
  app.post(
    '/agreements/:id/terminate',
    {
      preValidation: emptyBodyIsObject,
      schema: { tags, summary: 'End by hand, with a reason', params: IdParams, body: TerminateBody, response: one },
    },
    async (req) => terminateAgreement(req.ctx(), req.params.id, req.body.reason),
  );
  app.post(
    '/agreements/:id/renew',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary: 'A planned renewal: the next period of the same length, same terms, number "N/2"',
        params: IdParams,
        body: RenewBody,
        response: { 201: AgreementSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await renewAgreement(req.ctx(), req.params.id, req.body)),
  );
  app.post(
    '/agreements/:id/copy',
    {
      schema: {
        tags,
        summary: 'One planned copy per organization, in one transaction',
        params: IdParams,
        body: CopyBody,
        response: { 201: Type.Object({ items: Type.Array(AgreementSchema) }), ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send({ items: await copyAgreement(req.ctx(), req.params.id, req.body) }),
  );
}
