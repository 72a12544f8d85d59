import { Type } from '@sinclair/typebox';
import { IdParams, problemResponses, type App } from '../../http/types.js';
import { badRequest } from '../../shared/errors.js';
import { presentEntity } from './legal-entities.presenter.js';
import { CreateEntityBody, EntitySchema, ImageParams, UpdateEntityBody } from './legal-entities.schemas.js';
import * as entities from './legal-entities.service.js';

export async function legalEntityRoutes(app: App) {
  const tags = ['documents'];
  app.get(
    '/legal-entities',
    {
      schema: {
        tags,
        summary: 'Our legal entities that issue documents, active first',
        response: { 200: Type.Object({ items: Type.Array(EntitySchema) }), ...problemResponses },
      },
    },
    async (req) => ({ items: (await entities.listEntities(req.ctx())).map(presentEntity) }),
  );
  app.post(
    '/legal-entities',
    {
      schema: {
        tags,
        summary: 'Add a legal entity; INN, OGRN, BIK and accounts are checked by their check digits and keys',
        body: CreateEntityBody,
        response: { 201: EntitySchema, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(presentEntity(await entities.createEntity(req.ctx(), req.body))),
  );
  app.get(
    '/legal-entities/:id',
    { schema: { tags, params: IdParams, response: { 200: EntitySchema, ...problemResponses } } },
    async (req) => presentEntity(await entities.getEntity(req.ctx(), req.params.id)),
  );
  app.patch(
    '/legal-entities/:id',
    {
      schema: {
        tags,
        summary: 'Change requisites (documents already issued keep the ones they were issued with)',
        params: IdParams,
        body: UpdateEntityBody,
        response: { 200: EntitySchema, ...problemResponses },
      },
    },
    async (req) => presentEntity(await entities.updateEntity(req.ctx(), req.params.id, req.body)),
  );
  app.put(
    '/legal-entities/:id/:image',
    {
      schema: {
        tags,
        summary:
          'Upload the stamp, the director’s or the accountant’s signature: a PNG of at most 2 MB (multipart, field "file")',
        params: ImageParams,
        consumes: ['multipart/form-data'],
        response: { 200: EntitySchema, 413: Type.Ref('Problem'), ...problemResponses },
      },
    },
    async (req) => {
      if (!req.isMultipart()) throw badRequest('Send the image as multipart/form-data in a field named "file"');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw badRequest('Send the image in a multipart field named "file"');
      return presentEntity(await entities.putEntityImage(req.ctx(), req.params.id, req.params.image, part.file));
    },
  );
  app.get(
    '/legal-entities/:id/:image',
    {
      schema: {
        tags,
        summary: 'The stamp or a signature image (PNG)',
        params: ImageParams,
        querystring: Type.Object(
          { v: Type.Optional(Type.String({ maxLength: 64, description: 'the image version (cache key)' })) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req, reply) => {
      const { stream, size } = await entities.openEntityImage(req.ctx(), req.params.id, req.params.image);
      return reply
        .header('content-type', 'image/png')
        .header('content-length', String(size))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=86400')
        .send(stream);
    },
  );
}
