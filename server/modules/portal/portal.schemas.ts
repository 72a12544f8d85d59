import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Email = Type.String({ minLength: 3, maxLength: 254 });
const Language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);
const Priority = Type.Union(['P1', 'P2', 'P3', 'P4'].map((p) => Type.Literal(p)));
const TicketTypeSchema = Type.Union(['incident', 'request', 'question', 'change'].map((t) => Type.Literal(t)));
export const Visibility = Type.Union([Type.Literal('own'), Type.Literal('organization'), Type.Literal('chosen')]);
export const PortalRoleSchema = Type.Union([
  Type.Literal('requester'),
  Type.Literal('supervisor'),
  Type.Literal('billing'),
]);

export const LoginLinkBody = Type.Object(
  { email: Email, language: Type.Optional(Language) },
  { additionalProperties: false },
);
export const LoginLinkAccepted = Type.Object({ accepted: Type.Boolean(), link: Type.Optional(Type.String()) });
export const LoginBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export const PasswordBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  },
  { additionalProperties: false },
);
export const MePatchBody = Type.Object(
  { language: Type.Optional(Language), name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const ContactInfo = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: OrNull.String(),
  language: Type.String(),
  role: PortalRoleSchema,
  organization: Type.Object({ id: Type.Integer(), name: Type.String() }),
});
export const LoginResult = Type.Object({ contact: ContactInfo, csrfToken: Type.String() });
export const MeSchema = Type.Object({
  contact: ContactInfo,
  csrfToken: OrNull.String(),
  visibility: Visibility,
  hasPassword: Type.Boolean(),
});

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });
const NamedOrNull = Type.Union([Named, Type.Null()]);
const Status = Type.String();

export const StatusFilterSchema = Type.Union(
  ['open', 'closed', 'all', 'new', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved'].map((s) =>
    Type.Literal(s),
  ),
);
export const TicketListQuery = Type.Object(
  {
    status: Type.Optional(StatusFilterSchema),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const TicketListItem = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  subject: Type.String(),
  status: Status,
  priority: Type.String(),
  service: NamedOrNull,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  requester: NamedOrNull,
});
export const TicketListPage = Type.Object({
  items: Type.Array(TicketListItem),
  nextCursor: OrNull.String(),
});

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  body: Type.String(),
  createdAt: Type.String(),
  author: Type.Object({ kind: Type.Union([Type.Literal('agent'), Type.Literal('contact')]), name: Type.String() }),
});
export const AttachmentInfo = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  size: Type.Integer(),
  contentType: Type.String(),
  commentId: OrNull.Integer(),
  createdAt: Type.String(),
});
export const TicketDetail = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  subject: Type.String(),
  description: Type.String(),
  status: Status,
  priority: Type.String(),
  service: NamedOrNull,
  agreement: Type.Union([Type.Object({ id: Type.Integer(), number: Type.String() }), Type.Null()]),
  requester: NamedOrNull,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  resolvedAt: OrNull.String(),
  reactionDue: OrNull.String(),
  resolutionDue: OrNull.String(),
  slaState: Type.String(),
  canReply: Type.Boolean(),
  canReopen: Type.Boolean(),
  canClose: Type.Boolean(),
  reopenUntil: OrNull.String(),
  comments: Type.Array(CommentSchema),
  attachments: Type.Array(AttachmentInfo),
});
export const CreateTicketBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ maxLength: 100_000 }),
    serviceId: Type.Integer({ minimum: 1 }),
    priority: Type.Optional(Priority),
    type: Type.Optional(TicketTypeSchema),
  },
  { additionalProperties: false },
);
export const CommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 100_000 }) },
  { additionalProperties: false },
);
export const UploadedFiles = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.Integer(), fileName: Type.String(), size: Type.Integer(), contentType: Type.String() }),
  ),
});

export const ServicesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      available: Type.Boolean(),
      agreement: Type.Union([
        Type.Object({ id: Type.Integer(), number: Type.String(), status: Type.String() }),
        Type.Null(),
      ]),
      reason: OrNull.String(),
    }),
  ),
});
export const AgreementsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      title: Type.String(),
      status: Type.String(),
      tier: Type.String(),
      startsOn: Type.String(),
      endsOn: OrNull.String(),
      daysToExpiry: OrNull.Integer(),
      calendar: Type.Union([Type.Object({ name: Type.String(), timezone: Type.String() }), Type.Null()]),
      services: Type.Array(Named),
      targets: Type.Array(
        Type.Object({
          priority: Type.String(),
          type: OrNull.String(),
          reactionMinutes: OrNull.Integer(),
          resolutionMinutes: OrNull.Integer(),
        }),
      ),
    }),
  ),
});

export const PortalSettingsSchema = Type.Object(
  {
    visibility: Visibility,
    reopenDays: Type.Integer({ minimum: 0, maximum: 365 }),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const OrgContactParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }), contactId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
