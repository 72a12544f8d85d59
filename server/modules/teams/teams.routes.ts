import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { presentTeam, TeamSchema } from './teams.presenter.js';
import { CreateTeamBody, UpdateTeamBody } from './teams.schemas.js';
import * as teams from './teams.service.js';

export async function teamRoutes(app: App) {
  const tags = ['teams'];
  app.get(
    '/teams',
    {
      schema: {
        tags,
        summary: 'Every team with its members, by name',
        response: { 200: Type.Object({ items: Type.Array(TeamSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await teams.listTeams(req.ctx())).map(presentTeam),
    }),
  );
  app.post(
    '/teams',
    {
      schema: {
        tags,
        summary: 'Create a team (admin, manager); names are unique regardless of case',
        body: CreateTeamBody,
        response: { 201: TeamSchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentTeam(await teams.createTeam(req.ctx(), req.body))),
  );
  app.get(
    '/teams/:id',
    { schema: { tags, params: IdParams, response: { 200: TeamSchema, ...problemResponses } } },
    async (req) => presentTeam(await teams.getTeam(req.ctx(), req.params.id)),
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        summary:
          'Rename, describe, (de)activate a team; `memberIds` replaces its members; `calendarId` sets its business hours',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamSchema, ...problemResponses },
      },
    },
    async (req) => presentTeam(await teams.updateTeam(req.ctx(), req.params.id, req.body)),
  );
  app.delete(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team; its tickets lose their team',
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await teams.deleteTeam(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
