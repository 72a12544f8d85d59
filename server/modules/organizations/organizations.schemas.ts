import { Type } from '@sinclair/typebox';

const text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 30 });

export const CreateOrganizationBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    legalName: Type.Optional(text(500)),
    taxId: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9A-Za-z-]{4,20}$' }), Type.Null()])),
    /** KPP: 9 characters, the 5th and 6th may be capital Latin letters (a reason code of the tax office). */
    kpp: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$' }), Type.Null()])),
    notes: Type.Optional(text(10_000)),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);
export const UpdateOrganizationBody = Type.Partial(CreateOrganizationBody, {
  additionalProperties: false,
  minProperties: 1,
});

export const CreateContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    position: Type.Optional(text(200)),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9+()\\- .]{3,40}$' }), Type.Null()])),
    language: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export const UpdateContactBody = Type.Partial(
  Type.Object({
    ...CreateContactBody.properties,
    /** Portal (issue 15): what the contact sees under the organization's `chosen` visibility, and whether they may sign in. */
    portalRole: Type.Union([Type.Literal('requester'), Type.Literal('supervisor'), Type.Literal('billing')]),
    portalEnabled: Type.Boolean(),
    /** false: the person left the client — cannot sign in to the portal, not offered as a requester. */
    active: Type.Boolean(),
  }),
  { additionalProperties: false, minProperties: 1 },
);

export const OrgContactParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), contactId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const CreateAddressBody = Type.Object(
  {
    label: Type.Optional(text(100)),
    address: Type.String({ minLength: 1, maxLength: 1000 }),
    latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
    longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateAddressBody = Type.Partial(CreateAddressBody, { additionalProperties: false, minProperties: 1 });

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const OrgAddressParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), addressId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
