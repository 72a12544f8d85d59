import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemResponses, type App } from '../../http/types.js';
import { dutyPayCsv, dutyPayReport, dutyPayXlsx } from './duty-pay.service.js';

const Query = Type.Object(
  { month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' }) },
  { additionalProperties: false },
);

const Line = Type.Object({
  agentId: Type.Integer(),
  agentName: Type.String(),
  shifts: Type.Integer(),
  onCallMinutes: Type.Integer(),
  onCallHours: Type.Number(),
  nightMinutes: Type.Integer(),
  nightHours: Type.Number(),
  pages: Type.Integer(),
  acknowledged: Type.Integer(),
});

const Report = Type.Object({
  month: Type.String(),
  items: Type.Array(Line),
  totals: Type.Omit(Line, ['agentId', 'agentName', 'shifts']),
});

const languageOf = (req: FastifyRequest) => {
  const actor = req.ctx().actor;
  return actor.kind === 'system' ? 'ru' : actor.language;
};

const download = (reply: FastifyReply, name: string) =>
  reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');

export async function dutyPayRoutes(app: App) {
  const tags = ['reports'];
  app.get(
    '/reports/duty-pay',
    {
      schema: {
        tags,
        summary:
          'On-call hours, night hours (22:00–06:00 in the schedule zone, Labour Code art. 96), pages and acknowledgements per engineer in a month',
        querystring: Query,
        response: { 200: Report, ...problemResponses },
      },
    },
    async (req) => dutyPayReport(req.ctx(), req.query.month),
  );
  app.get(
    '/reports/duty-pay.csv',
    {
      schema: {
        tags,
        summary: 'The on-call pay report as CSV (a header row, UTF-8 with a BOM)',
        querystring: Query,
        response: { 200: Type.String(), ...problemResponses },
      },
    },
    async (req, reply) => {
      const report = await dutyPayReport(req.ctx(), req.query.month);
      return download(reply, `duty-pay-${report.month}.csv`)
        .type('text/csv; charset=utf-8')
        .send(dutyPayCsv(report, languageOf(req)));
    },
  );
  app.get(
    '/reports/duty-pay.xlsx',
    {
      schema: {
        tags,
        summary: 'The on-call pay report as an Excel workbook',
        querystring: Query,
        response: { ...problemResponses },
      },
    },
    async (req, reply) => {
      const report = await dutyPayReport(req.ctx(), req.query.month);
      return download(reply, `duty-pay-${report.month}.xlsx`)
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await dutyPayXlsx(report, languageOf(req)));
    },
  );
}
