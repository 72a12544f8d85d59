import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { presentLeave, presentOverride, presentSchedule, presentSwap } from './duty.presenter.js';
import * as schemas from './duty.schemas.js';
import * as duty from './duty.service.js';

export async function dutyRoutes(app: App) {
  const tags = ['duty'];
  const ok = <T extends object>(schema: T) => ({ 200: schema, ...problemResponses });

  app.get(
    '/duty-schedules',
    {
      schema: {
        tags,
        summary:
          'Duty schedules (of one team with ?teamId), each with its layers, overrides, swaps, leave warnings and gaps',
        querystring: schemas.ScheduleQuery,
        response: ok(Type.Object({ items: Type.Array(schemas.ScheduleSchema) })),
      },
    },
    async (req) => ({ items: (await duty.listSchedules(req.ctx(), req.query)).map(presentSchedule) }),
  );
  app.post(
    '/duty-schedules',
    {
      schema: {
        tags,
        summary: "Create a team's duty schedule (manager); handoffs and restrictions are local times in `timezone`",
        body: schemas.CreateScheduleBody,
        response: { 201: schemas.ScheduleSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentSchedule(await duty.createSchedule(req.ctx(), req.body))),
  );
  app.get(
    '/duty-schedules/:id',
    { schema: { tags, params: IdParams, response: ok(schemas.ScheduleSchema) } },
    async (req) => presentSchedule(await duty.getSchedule(req.ctx(), req.params.id)),
  );
  app.patch(
    '/duty-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Rename, move to another zone, or replace the layers of a schedule',
        params: IdParams,
        body: schemas.UpdateScheduleBody,
        response: ok(schemas.ScheduleSchema),
      },
    },
    async (req) => presentSchedule(await duty.updateSchedule(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/duty-schedules/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await duty.deleteSchedule(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/duty-schedules/:id/on-call',
    {
      schema: {
        tags,
        summary: 'Who is on duty at `at` (now when omitted); agentId is null when nobody covers it',
        params: IdParams,
        querystring: schemas.OnCallQuery,
        response: ok(schemas.OnCallSchema),
      },
    },
    async (req) => {
      const ctx = req.ctx();
      // A '+' of an offset left unencoded in the query string arrives as a space.
      const text = req.query.at?.replace(' ', '+');
      const at = text === undefined ? ctx.clock.now() : new Date(Date.parse(text));
      if (Number.isNaN(at.getTime()) || (text !== undefined && !/^\d{4}-\d{2}-\d{2}T/.test(text)))
        throw badRequest('`at` must be a date and time such as 2026-12-05T02:00:00Z', {
          errors: [{ path: 'query.at', message: 'is not an ISO date-time' }],
        });
      const who = await duty.onCall(ctx, req.params.id, at);
      return {
        agentId: who?.agentId ?? null,
        layerId: who?.layerId ?? null,
        source: who?.source ?? null,
        at: at.toISOString(),
      };
    },
  );
  app.get(
    '/duty-schedules/:id/shifts',
    {
      schema: {
        tags,
        summary: 'The duty in [from, to) as contiguous shifts (at most 400 days)',
        params: IdParams,
        querystring: schemas.ShiftsQuery,
        response: ok(Type.Object({ items: Type.Array(schemas.ShiftSchema) })),
      },
    },
    async (req) => ({ items: await duty.scheduleShifts(req.ctx(), req.params.id, req.query.from, req.query.to) }),
  );
  app.post(
    '/duty-schedules/:id/overrides',
    {
      schema: {
        tags,
        summary: 'Put an agent on duty for a period: instead of everyone, or only instead of `replaces`',
        params: IdParams,
        body: schemas.OverrideBody,
        response: { 201: schemas.OverrideSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentOverride(await duty.addOverride(req.ctx(), req.params.id, req.body))),
  );
  app.delete(
    '/duty-schedules/:id/overrides/:subId',
    { schema: { tags, params: schemas.SubParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await duty.deleteOverride(req.ctx(), req.params.id, req.params.subId);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/duty-schedules/:id/swaps',
    {
      schema: {
        tags,
        summary:
          'Ask a colleague to take your duty for a period (a manager approves); a manager may arrange one for others',
        params: IdParams,
        body: schemas.SwapBody,
        response: { 201: schemas.SwapSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentSwap(await duty.requestSwap(req.ctx(), req.params.id, req.body))),
  );
  for (const [verb, status] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const)
    app.post(
      `/duty-schedules/:id/swaps/:subId/${verb}`,
      {
        schema: {
          tags,
          summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a requested swap (manager)`,
          params: schemas.SubParams,
          response: ok(schemas.SwapSchema),
        },
      },
      async (req) => presentSwap(await duty.decideSwap(req.ctx(), req.params.id, req.params.subId, status)),
    );
  app.get(
    '/duty-teams',
    {
      schema: {
        tags,
        summary: 'Teams with their business-hours calendar, for duty schedules',
        response: ok(Type.Object({ items: Type.Array(schemas.TeamDutySchema) })),
      },
    },
    async (req) => ({
      items: (await duty.dutyTeams(req.ctx())).map((t) => ({
        id: t.id,
        name: t.name,
        calendarId: t.calendar_id,
        active: t.active === 1,
      })),
    }),
  );
  app.get(
    '/agents/:id/duty.ics',
    {
      schema: {
        tags,
        summary: "The agent's duty as an iCalendar feed (30 days back, 90 ahead)",
        params: IdParams,
        response: { 200: Type.String(), ...problemResponses },
      },
    },
    async (req, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="duty-${req.params.id}.ics"`)
        .send(await duty.agentDutyIcs(req.ctx(), req.params.id)),
  );
  app.get(
    '/agents/:id/leaves',
    {
      schema: { tags, params: IdParams, response: ok(Type.Object({ items: Type.Array(schemas.LeaveSchema) })) },
    },
    async (req) => ({ items: (await duty.listAgentLeaves(req.ctx(), req.params.id)).map(presentLeave) }),
  );
  app.post(
    '/agents/:id/leaves',
    {
      schema: {
        tags,
        summary: 'Record leave (local dates, inclusive): duty during it shows as a warning in the schedule',
        params: IdParams,
        body: schemas.LeaveBody,
        response: { 201: schemas.LeaveSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentLeave(await duty.addLeave(req.ctx(), req.params.id, req.body))),
  );
  app.delete(
    '/agents/:id/leaves/:subId',
    { schema: { tags, params: schemas.SubParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await duty.deleteLeave(req.ctx(), req.params.id, req.params.subId);
      return reply.status(204).send(null);
    },
  );
}
