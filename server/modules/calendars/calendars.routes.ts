import { Type } from '@sinclair/typebox';
import { IdParams, OrNull, problemResponses, type App } from '../../http/types.js';
import { calendarPresets } from './presets.js';
import * as calendars from './calendars.service.js';
import { DAY_KINDS } from './year-view.js';

const Intervals = Type.Array(Type.Tuple([Type.String({ maxLength: 5 }), Type.String({ maxLength: 5 })]), {
  maxItems: 24,
});
const DocumentFields = {
  timezone: Type.String({ minLength: 1, maxLength: 64 }),
  week: Type.Object(
    Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, Type.Optional(Intervals)])),
    { additionalProperties: false },
  ),
  holidays: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 2000 })),
  days: Type.Optional(Type.Record(Type.String({ maxLength: 10 }), Intervals)),
  production: Type.Optional(Type.Union([Type.Literal('RU'), Type.Null()])),
};
const CalendarBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), ...DocumentFields },
  { additionalProperties: false },
);
const CalendarPatch = Type.Partial(CalendarBody, { additionalProperties: false, minProperties: 1 });
const CalendarSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  ...DocumentFields,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Pauses = Type.Optional(
  Type.Array(Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false }), {
    maxItems: 100,
  }),
);
const DeadlineBody = Type.Object(
  {
    start: Type.String(),
    minutes: Type.Integer({ minimum: 0, maximum: 60 * 24 * 366 * 20 }),
    pauses: Pauses,
    explain: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const DeadlineResult = Type.Object(
  {
    due: Type.String(),
    dueLocal: Type.String(),
    intervals: Type.Optional(
      Type.Array(
        Type.Object({
          date: Type.String(),
          from: Type.String(),
          to: Type.String(),
          minutes: Type.Number(),
          note: Type.String(),
        }),
      ),
    ),
    skipped: Type.Optional(Type.Array(Type.Object({ date: Type.String(), reason: Type.String() }))),
    paused: Type.Optional(Type.Array(Type.Object({ from: Type.String(), to: Type.String(), minutes: Type.Number() }))),
    warnings: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

// The name is accepted (and ignored) so the editor can send its form as it is.
const PreviewDocument = Type.Object(
  { name: Type.Optional(Type.String({ maxLength: 200 })), ...DocumentFields },
  { additionalProperties: false },
);
const Year = Type.Integer({ minimum: 1970, maximum: 2200 });
const DayKind = Type.Union(DAY_KINDS.map((k) => Type.Literal(k)));
const YearViewSchema = Type.Object(
  {
    year: Type.Integer(),
    timezone: Type.String(),
    production: Type.Union([Type.Literal('RU'), Type.Null()]),
    missingProduction: Type.Boolean(),
    days: Type.Array(
      Type.Object(
        {
          date: Type.String(),
          weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday' }),
          kind: DayKind,
          hours: Intervals,
          minutes: Type.Number({ description: 'real working minutes of the date in the calendar zone' }),
          reason: Type.String(),
          shortened: Type.Optional(Type.Literal(true)),
          overrides: Type.Optional(DayKind),
        },
        { additionalProperties: false },
      ),
    ),
    totals: Type.Object({
      days: Type.Integer(),
      workingDays: Type.Integer(),
      workingHours: Type.Number(),
      kinds: Type.Object(Object.fromEntries(DAY_KINDS.map((k) => [k, Type.Integer()]))),
    }),
  },
  { additionalProperties: false },
);

export async function calendarRoutes(app: App) {
  const tags = ['calendars'];
  app.get(
    '/calendars',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(CalendarSchema) }), ...problemResponses } } },
    async (req) => ({
      items: (await calendars.listCalendars(req.ctx())).map(calendars.presentCalendar) as never,
    }),
  );
  app.post(
    '/calendars',
    {
      schema: {
        tags,
        summary: 'Create a calendar from a calendar document (+ name)',
        body: CalendarBody,
        response: { 201: CalendarSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(calendars.presentCalendar(await calendars.createCalendar(req.ctx(), req.body)) as never),
  );
  app.get(
    '/calendars/presets',
    {
      schema: {
        tags,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ key: Type.String(), name: Type.String(), document: Type.Object(DocumentFields) }),
            ),
          }),
        },
      },
    },
    async (req) => {
      req.ctx();
      return { items: calendarPresets as never };
    },
  );
  app.get(
    '/calendars/production',
    {
      schema: {
        tags,
        summary: 'Which production-calendar years are loaded, and a warning when next year is missing',
        response: {
          200: Type.Object({
            country: Type.String(),
            years: Type.Array(Type.Object({ year: Type.Integer(), builtIn: Type.Boolean() })),
            warning: OrNull.String(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => calendars.productionCalendarStatus(req.ctx()),
  );
  app.post(
    '/calendars/preview',
    {
      schema: {
        tags,
        summary: 'A deadline for an unsaved calendar document (the editor previews before saving)',
        body: Type.Object({ document: PreviewDocument, ...DeadlineBody.properties }, { additionalProperties: false }),
        response: { 200: DeadlineResult, ...problemResponses },
      },
    },
    async (req) => calendars.previewDeadline(req.ctx(), req.body) as never,
  );
  app.post(
    '/calendars/preview/year',
    {
      schema: {
        tags,
        summary: 'The year view of an unsaved calendar document',
        body: Type.Object({ document: PreviewDocument, year: Year }, { additionalProperties: false }),
        response: { 200: YearViewSchema, ...problemResponses },
      },
    },
    async (req) => calendars.previewYear(req.ctx(), req.body),
  );
  app.get(
    '/calendars/:id/year/:year',
    {
      schema: {
        tags,
        summary:
          'Every date of a year in the calendar zone: working, weekend, holiday, production holiday, working weekend, shortened or custom, with hours and totals',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), year: Year }, { additionalProperties: false }),
        response: { 200: YearViewSchema, ...problemResponses },
      },
    },
    async (req) => calendars.calendarYear(req.ctx(), req.params.id, req.params.year),
  );
  app.get(
    '/calendars/:id',
    { schema: { tags, params: IdParams, response: { 200: CalendarSchema, ...problemResponses } } },
    async (req) => calendars.presentCalendar(await calendars.getCalendar(req.ctx(), req.params.id)) as never,
  );
  app.patch(
    '/calendars/:id',
    { schema: { tags, params: IdParams, body: CalendarPatch, response: { 200: CalendarSchema, ...problemResponses } } },
    async (req) =>
      calendars.presentCalendar(await calendars.updateCalendar(req.ctx(), req.params.id, req.body)) as never,
  );
  app.put(
    '/calendars/:id',
    { schema: { tags, params: IdParams, body: CalendarBody, response: { 200: CalendarSchema, ...problemResponses } } },
    async (req) =>
      calendars.presentCalendar(await calendars.updateCalendar(req.ctx(), req.params.id, req.body, 'replace')) as never,
  );
  app.delete(
    '/calendars/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await calendars.deleteCalendar(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/calendars/:id/deadline',
    {
      schema: {
        tags,
        summary: 'When N business minutes from a start end (with pauses, optionally explained)',
        params: IdParams,
        body: DeadlineBody,
        response: { 200: DeadlineResult, ...problemResponses },
      },
    },
    async (req) => calendars.calendarDeadline(req.ctx(), req.params.id, req.body) as never,
  );
  app.post(
    '/calendars/:id/between',
    {
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ from: Type.String(), to: Type.String(), pauses: Pauses }, { additionalProperties: false }),
        response: { 200: Type.Object({ minutes: Type.Integer() }), ...problemResponses },
      },
    },
    async (req) => calendars.calendarBetween(req.ctx(), req.params.id, req.body),
  );
}
