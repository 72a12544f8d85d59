import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import {
  CostRateSchema,
  DiscountSchema,
  MultipliersSchema,
  QuoteSchema,
  RateCardSchema,
  ResolvedRateSchema,
  presentCostRate,
  presentDiscount,
  presentRateCard,
} from './rates.presenter.js';
import {
  AgreementQuery,
  CreateCostRateBody,
  CreateDiscountBody,
  CreateRateCardBody,
  DiscountListQuery,
  MultipliersQuery,
  PutMultipliersBody,
  QuoteBody,
  RateCardListQuery,
  ResolveQuery,
  UpdateRateCardBody,
} from './rates.schemas.js';
import * as rates from './rates.service.js';

export async function rateRoutes(app: App) {
  const tags = ['rates'];
  app.get(
    '/rate-cards',
    {
      schema: {
        tags,
        summary: 'Rate cards: sale prices per hour, filtered by agreement, service or agent',
        querystring: RateCardListQuery,
        response: { 200: Page(RateCardSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await rates.listCards(req.ctx(), req.query);
      return { items: page.items.map(presentRateCard), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/rate-cards',
    {
      schema: {
        tags,
        summary: 'A rate for a scope (nothing named = the desk default); 409 when that scope has one',
        body: CreateRateCardBody,
        response: { 201: RateCardSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentRateCard(await rates.createCard(req.ctx(), req.body))),
  );
  app.get(
    '/rate-cards/resolve',
    {
      schema: {
        tags,
        summary: 'Which rate applies to an agreement × service × agent, and from which card',
        querystring: ResolveQuery,
        response: { 200: ResolvedRateSchema, ...problemResponses },
      },
    },
    async (req) => {
      const resolved = await rates.resolveCard(req.ctx(), req.query);
      if (!resolved) return { rateKopecks: null, source: null, cardId: null, card: null };
      return { ...resolved, card: resolved.card && presentRateCard(resolved.card) };
    },
  );
  app.post(
    '/rate-cards/quote',
    {
      schema: {
        tags,
        summary: 'Preview the price of work (the cost only for those who may see costs)',
        body: QuoteBody,
        response: { 200: QuoteSchema, ...problemResponses },
      },
    },
    async (req) => rates.quote(req.ctx(), req.body),
  );
  app.get(
    '/rate-cards/:id',
    { schema: { tags, params: IdParams, response: { 200: RateCardSchema, ...problemResponses } } },
    async (req) => presentRateCard(await rates.getCard(req.ctx(), req.params.id)),
  );
  app.patch(
    '/rate-cards/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateRateCardBody,
        response: { 200: RateCardSchema, ...problemResponses },
      },
    },
    async (req) => presentRateCard(await rates.updateCard(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/rate-cards/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await rates.deleteCard(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/rate-multipliers',
    {
      schema: {
        tags,
        summary: 'Night, weekend and holiday multipliers in effect: the agreement’s own, else the desk’s',
        querystring: MultipliersQuery,
        response: { 200: MultipliersSchema, ...problemResponses },
      },
    },
    async (req) => rates.getMultipliers(req.ctx(), req.query.agreementId ?? null),
  );
  app.put(
    '/rate-multipliers',
    {
      schema: {
        tags,
        summary: 'Set the desk’s multipliers, or an agreement’s own with agreementId',
        body: PutMultipliersBody,
        response: { 200: MultipliersSchema, ...problemResponses },
      },
    },
    async (req) => rates.putMultipliers(req.ctx(), req.body),
  );
  app.delete(
    '/rate-multipliers',
    {
      schema: {
        tags,
        summary: 'Remove an agreement’s own multipliers (the desk’s apply again)',
        querystring: AgreementQuery,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await rates.deleteMultipliers(req.ctx(), req.query.agreementId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/discounts',
    {
      schema: {
        tags,
        summary: 'Discounts of agreements and organizations, latest first',
        querystring: DiscountListQuery,
        response: { 200: Page(DiscountSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await rates.listDiscounts(req.ctx(), req.query);
      return { items: page.items.map(presentDiscount), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/discounts',
    {
      schema: {
        tags,
        summary: 'A discount in basis points (1250 = 12.5 %) for an agreement or an organization, for a period',
        body: CreateDiscountBody,
        response: { 201: DiscountSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentDiscount(await rates.createDiscount(req.ctx(), req.body))),
  );
  app.delete(
    '/discounts/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await rates.deleteDiscount(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/agents/:id/cost-rates',
    {
      schema: {
        tags,
        summary: 'An agent’s internal cost rates, latest first (never shown to clients)',
        params: IdParams,
        response: { 200: Page(CostRateSchema), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await rates.listCostRates(req.ctx(), req.params.id)).map(presentCostRate),
      nextCursor: null,
    }),
  );
  app.post(
    '/agents/:id/cost-rates',
    {
      schema: {
        tags,
        summary: 'An agent’s cost rate from a date on (the same date again corrects it)',
        params: IdParams,
        body: CreateCostRateBody,
        response: { 201: CostRateSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentCostRate(await rates.addCostRate(req.ctx(), req.params.id, req.body))),
  );
}
