import { IdParams, problemResponses, type App } from '../../http/types.js';
import { AgreementPackageSchema, TimeTermsBody, TimeTermsSchema } from './packages.schemas.js';
import * as packages from './packages.service.js';

export async function packageRoutes(app: App) {
  const tags = ['hour packages'];
  app.get(
    '/agreements/:id/package',
    {
      schema: {
        tags,
        summary:
          "The agreement's hour package: the current period's grant, use and balance (the ledger's sum), its periods and the ledger",
        params: IdParams,
        response: { 200: AgreementPackageSchema, ...problemResponses },
      },
    },
    async (req) => {
      const p = await packages.agreementPackage(req.ctx(), req.params.id);
      return {
        ...p,
        ledger: p.ledger.map((l) => ({
          id: l.id,
          periodKey: l.period_key,
          kind: l.kind,
          minutes: l.minutes,
          worklogId: l.worklog_id,
          ticketNumber: l.ticket_number,
          at: l.at,
          actor: l.actor,
          note: l.note,
        })),
      };
    },
  );
  app.get(
    '/agreements/:id/time-terms',
    { schema: { tags, params: IdParams, response: { 200: TimeTermsSchema, ...problemResponses } } },
    async (req) => packages.getTimeTerms(req.ctx(), req.params.id),
  );
  app.put(
    '/agreements/:id/time-terms',
    {
      schema: {
        tags,
        summary:
          'How the agreement measures work: package period, carry-over, over-consumption, rounding, billable default, notice thresholds',
        params: IdParams,
        body: TimeTermsBody,
        response: { 200: TimeTermsSchema, ...problemResponses },
      },
    },
    async (req) => packages.setTimeTerms(req.ctx(), req.params.id, req.body),
  );
}
