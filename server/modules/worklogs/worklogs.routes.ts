import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { PackageSummarySchema } from '../packages/index.js';
import { createActivity, listActivities, updateActivity } from './activities.js';
import { ticketTime } from './ticket-time.js';
import { readTimeSettings, saveTimeSettings } from './time-settings.js';
import { timeReport, timeReportCsv, timeReportXlsx } from './time-report.js';
import { currentTimer, startTimer, stopTimer } from './timers.js';
import { presentWorklog, TotalsSchema, WorklogSchema, activityName } from './worklogs.presenter.js';
import * as schemas from './worklogs.schemas.js';
import * as work from './worklogs.service.js';
import type { WorklogRow } from './worklogs.repository.js';

/** Actions are often sent as a bare `POST` (a button, curl): no body means an empty one. */
const emptyBodyIsObject = async (req: { body: unknown }) => {
  req.body ??= {};
};

const presentTimer = (
  t: { ticket_id: number; ticket_number: number; ticket_subject: string; started_at: string },
  now: Date,
) => ({
  ticketId: t.ticket_id,
  ticketNumber: t.ticket_number,
  ticketSubject: t.ticket_subject,
  startedAt: t.started_at,
  elapsedSeconds: Math.max(0, Math.floor((now.getTime() - Date.parse(t.started_at)) / 1000)),
});

export async function worklogRoutes(app: App) {
  const tags = ['time'];
  const viewer = async (req: FastifyRequest) => ({
    actor: req.ctx().actor,
    settings: await readTimeSettings(req.ctx()),
  });
  const present = async (req: FastifyRequest, row: WorklogRow) => presentWorklog(row, await viewer(req));
  const one = { 200: WorklogSchema, ...problemResponses };

  app.get(
    '/agents/me/timer',
    {
      schema: {
        tags,
        summary: 'Your running timer (one per agent, kept on the server), or null',
        response: { 200: Type.Object({ timer: Type.Union([schemas.TimerSchema, Type.Null()]) }), ...problemResponses },
      },
    },
    async (req) => {
      const timer = await currentTimer(req.ctx());
      return { timer: timer && presentTimer(timer, req.ctx().clock.now()) };
    },
  );
  app.post(
    '/tickets/:id/timer/start',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary:
          'Start your timer on the ticket. One running on another ticket answers 409 timer_running unless stopRunning: then it is stopped and logged',
        params: IdParams,
        body: schemas.StartTimerBody,
        response: {
          200: Type.Object({ timer: schemas.TimerSchema, stopped: Type.Union([WorklogSchema, Type.Null()]) }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const { timer, stopped } = await startTimer(req.ctx(), req.params.id, req.body);
      return { timer: presentTimer(timer, req.ctx().clock.now()), stopped: stopped && (await present(req, stopped)) };
    },
  );
  app.post(
    '/tickets/:id/timer/stop',
    {
      preValidation: emptyBodyIsObject,
      schema: {
        tags,
        summary:
          'Stop your timer on the ticket and log the work it measured (at least a minute); with discard nothing is logged',
        params: IdParams,
        body: schemas.StopTimerBody,
        response: { 201: WorklogSchema, 200: Type.Object({ discarded: Type.Literal(true) }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const logged = await stopTimer(req.ctx(), req.params.id, req.body);
      if (!logged) return reply.status(200).send({ discarded: true as const });
      return reply.status(201).send(await present(req, logged));
    },
  );
  app.get(
    '/tickets/:id/time',
    {
      schema: {
        tags,
        summary: "The ticket's time: totals, how new work is counted, the package balance and your timer on it",
        params: IdParams,
        response: {
          200: Type.Object({
            totals: Type.Object({
              minutes: Type.Integer(),
              billedMinutes: Type.Integer(),
              amountKopecks: Type.Integer(),
            }),
            billableDefault: Type.Boolean(),
            rounding: Type.Object({
              quantumMinutes: Type.Integer(),
              rule: Type.String(),
              minimumMinutes: Type.Integer(),
            }),
            package: Type.Union([PackageSummarySchema, Type.Null()]),
            timer: Type.Union([Type.Object({ startedAt: Type.String(), elapsedSeconds: Type.Integer() }), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ticketTime(req.ctx(), req.params.id),
  );

  app.post(
    '/worklogs',
    {
      schema: {
        tags,
        summary:
          'Log work: minutes or startedAt+endedAt; rounded by the agreement, charged to its hour package (409 package_exhausted when it may not be exceeded) and priced',
        body: schemas.CreateWorklogBody,
        response: { 201: WorklogSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await present(req, await work.logWork(req.ctx(), req.body))),
  );
  app.get(
    '/worklogs',
    {
      schema: {
        tags,
        summary:
          'Work by date, newest first, with totals; filters ticketId, agentId, organizationId, agreementId, from, to (dates)',
        querystring: schemas.WorklogQuery,
        response: {
          200: Type.Object({
            items: Type.Array(WorklogSchema),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            totals: TotalsSchema,
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const page = await work.listWork(req.ctx(), req.query);
      const v = await viewer(req);
      return { ...page, items: page.items.map((w) => presentWorklog(w, v)) };
    },
  );
  app.post(
    '/worklogs/export',
    {
      schema: {
        tags,
        summary: 'Mark work as billed: it is frozen and never billed twice',
        body: schemas.ExportBody,
        response: { 200: Type.Object({ marked: Type.Integer() }), ...problemResponses },
      },
    },
    async (req) => work.exportWork(req.ctx(), req.body.ids),
  );
  app.get('/worklogs/:id', { schema: { tags, params: IdParams, response: one } }, async (req) =>
    present(req, await work.getWork(req.ctx(), req.params.id)),
  );
  app.patch(
    '/worklogs/:id',
    {
      schema: {
        tags,
        summary: 'Change work (its author or a manager) until it is billed or falls into a locked period',
        params: IdParams,
        body: schemas.UpdateWorklogBody,
        response: one,
      },
    },
    async (req) => present(req, await work.editWork(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/worklogs/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await work.deleteWork(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/worklogs/:id/history',
    {
      schema: {
        tags,
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                at: Type.String(),
                actor: Type.String(),
                action: Type.String(),
                before: Type.Unknown(),
                after: Type.Unknown(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({
      items: (await work.workHistory(req.ctx(), req.params.id)).map((h) => ({
        at: h.at,
        actor: h.actor,
        action: h.action,
        before: h.before && JSON.parse(h.before),
        after: h.after && JSON.parse(h.after),
      })),
    }),
  );

  app.get(
    '/worklog-activities',
    {
      schema: {
        tags,
        response: { 200: Type.Object({ items: Type.Array(schemas.ActivitySchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await listActivities(req.ctx())).map((a) => ({
        id: a.id,
        name: activityName({ activity_ru: a.name_ru, activity_en: a.name_en }, req.ctx().actor) ?? a.name_ru,
        nameRu: a.name_ru,
        nameEn: a.name_en,
        active: a.active === 1,
      })),
    }),
  );
  app.post(
    '/worklog-activities',
    {
      schema: {
        tags,
        body: schemas.CreateActivityBody,
        response: { 201: schemas.ActivitySchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const a = await createActivity(req.ctx(), req.body);
      return reply
        .status(201)
        .send({ id: a.id, name: a.name_ru, nameRu: a.name_ru, nameEn: a.name_en, active: a.active === 1 });
    },
  );
  app.patch(
    '/worklog-activities/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: schemas.UpdateActivityBody,
        response: { 200: schemas.ActivitySchema, ...problemResponses },
      },
    },
    async (req) => {
      const a = await updateActivity(req.ctx(), req.params.id, req.body);
      return { id: a.id, name: a.name_ru, nameRu: a.name_ru, nameEn: a.name_en, active: a.active === 1 };
    },
  );
  app.get(
    '/time-settings',
    { schema: { tags, response: { 200: schemas.TimeSettingsSchema, ...problemResponses } } },
    async (req) => readTimeSettings(req.ctx()),
  );
  app.put(
    '/time-settings',
    {
      schema: {
        tags,
        summary:
          'The locked period (work up to lockedUntil cannot change) and which ticket types are billable by default',
        body: schemas.TimeSettingsBody,
        response: { 200: schemas.TimeSettingsSchema, ...problemResponses },
      },
    },
    async (req) => saveTimeSettings(req.ctx(), req.body),
  );

  app.get(
    '/reports/time',
    {
      schema: {
        tags,
        summary: 'Time per ticket with engineer and comment; format=csv or xlsx downloads it',
        querystring: schemas.ReportQuery,
        response: {
          200: Type.Object({
            items: Type.Array(schemas.ReportLineSchema),
            totals: Type.Object({
              minutes: Type.Integer(),
              billedMinutes: Type.Integer(),
              amountKopecks: Type.Integer(),
            }),
          }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => {
      const { format, ...filter } = req.query;
      const report = await timeReport(req.ctx(), filter);
      if (format === 'json') return report;
      const actor = req.ctx().actor;
      const language = actor.kind === 'system' ? 'ru' : actor.language;
      const name = `time-${filter.from ?? 'all'}-${filter.to ?? 'all'}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store');
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(timeReportCsv(report.items, language));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await timeReportXlsx(report, language));
    },
  );
}
