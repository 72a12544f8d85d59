import { Type } from '@sinclair/typebox';
import { IdParams, Page, problemResponses, type App } from '../../http/types.js';
import {
  AddressSchema,
  ContactSchema,
  OrganizationSchema,
  presentAddress,
  presentContact,
  presentOrganization,
} from './organizations.presenter.js';
import {
  CreateAddressBody,
  CreateContactBody,
  CreateOrganizationBody,
  ListQuery,
  OrgAddressParams,
  OrgContactParams,
  UpdateAddressBody,
  UpdateContactBody,
  UpdateOrganizationBody,
} from './organizations.schemas.js';
import * as orgs from './organizations.service.js';

export async function organizationRoutes(app: App) {
  const tags = ['organizations'];
  app.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List organizations by name',
        querystring: ListQuery,
        response: { 200: Page(OrganizationSchema), ...problemResponses },
      },
    },
    async (req) => {
      const page = await orgs.listOrganizations(req.ctx(), req.query);
      return { items: page.items.map(presentOrganization), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/organizations',
    { schema: { tags, body: CreateOrganizationBody, response: { 201: OrganizationSchema, ...problemResponses } } },
    async (req, reply) =>
      reply.status(201).send(presentOrganization(await orgs.createOrganization(req.ctx(), req.body))),
  );
  app.get(
    '/organizations/:id',
    { schema: { tags, params: IdParams, response: { 200: OrganizationSchema, ...problemResponses } } },
    async (req) => presentOrganization(await orgs.getOrganization(req.ctx(), req.params.id)),
  );
  app.patch(
    '/organizations/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateOrganizationBody,
        response: { 200: OrganizationSchema, ...problemResponses },
      },
    },
    async (req) => presentOrganization(await orgs.updateOrganization(req.ctx(), req.params.id, req.body)),
  );

  app.get(
    '/organizations/:id/contacts',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ContactSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await orgs.listContacts(req.ctx(), req.params.id)).map(presentContact),
    }),
  );
  app.post(
    '/organizations/:id/contacts',
    {
      schema: {
        tags,
        params: IdParams,
        body: CreateContactBody,
        response: { 201: ContactSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentContact(await orgs.createContact(req.ctx(), req.params.id, req.body))),
  );
  app.get(
    '/contacts/:id',
    { schema: { tags, params: IdParams, response: { 200: ContactSchema, ...problemResponses } } },
    async (req) => presentContact(await orgs.getContact(req.ctx(), req.params.id)),
  );
  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: UpdateContactBody,
        response: { 200: ContactSchema, ...problemResponses },
      },
    },
    async (req) => presentContact(await orgs.updateContact(req.ctx(), req.params.id, req.body)),
  );
  app.patch(
    '/organizations/:id/contacts/:contactId',
    {
      schema: {
        tags,
        summary: 'Change a contact of the organization (also its portal role and whether it may use the portal)',
        params: OrgContactParams,
        body: UpdateContactBody,
        response: { 200: ContactSchema, ...problemResponses },
      },
    },
    async (req) => presentContact(await orgs.updateContact(req.ctx(), req.params.contactId, req.body, req.params.id)),
  );

  app.get(
    '/organizations/:id/addresses',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AddressSchema) }), ...problemResponses },
      },
    },
    async (req) => ({
      items: (await orgs.listAddresses(req.ctx(), req.params.id)).map(presentAddress),
    }),
  );
  app.post(
    '/organizations/:id/addresses',
    {
      schema: {
        tags,
        params: IdParams,
        body: CreateAddressBody,
        response: { 201: AddressSchema, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentAddress(await orgs.addAddress(req.ctx(), req.params.id, req.body))),
  );
  app.patch(
    '/organizations/:id/addresses/:addressId',
    {
      schema: {
        tags,
        summary: 'Change an address of the organization (its label, text or coordinates)',
        params: OrgAddressParams,
        body: UpdateAddressBody,
        response: { 200: AddressSchema, ...problemResponses },
      },
    },
    async (req) => presentAddress(await orgs.updateAddress(req.ctx(), req.params.id, req.params.addressId, req.body)),
  );
  app.delete(
    '/organizations/:id/addresses/:addressId',
    { schema: { tags, params: OrgAddressParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (req, reply) => {
      await orgs.removeAddress(req.ctx(), req.params.id, req.params.addressId);
      return reply.status(204).send(null);
    },
  );
}
