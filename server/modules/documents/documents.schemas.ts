import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const date = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const id = Type.Integer({ minimum: 1 });
const kopecks = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });

export const IncludeSchema = Type.Union(
  [
    Type.Literal('worklogs'),
    Type.Literal('worklogs_by_service'),
    Type.Literal('packages'),
    Type.Literal('recurring'),
    Type.Literal('client_costs'),
    Type.Literal('manual'),
  ],
  {
    description:
      'worklogs: billable work by ticket; worklogs_by_service: summed per service; packages: package fees; recurring: recurring charges; client_costs: re-billed purchases; manual: the lines given',
  },
);

export const ManualLineSchema = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'up to three decimals: 1.5' }),
    unit: Type.String({ minLength: 1, maxLength: 20, description: 'ч, шт, мес, усл / h, pcs, month, service' }),
    unitPriceKopecks: kopecks,
    discountKopecks: Type.Optional(kopecks),
  },
  { additionalProperties: false },
);

const billingFields = {
  organizationId: id,
  entityId: id,
  from: Type.Optional(date),
  to: Type.Optional(date),
  include: Type.Optional(Type.Array(IncludeSchema, { maxItems: 6 })),
  lines: Type.Optional(Type.Array(ManualLineSchema, { maxItems: 1000 })),
  agreementId: Type.Optional(Type.Union([id, Type.Null()])),
  date: Type.Optional(date),
  language: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
  discountPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'rounded to hundredths' })),
};

export const InvoiceBody = Type.Object(billingFields, { additionalProperties: false });
export const ActBody = Type.Object({ ...billingFields, invoiceId: Type.Optional(id) }, { additionalProperties: false });
export const PreviewBody = Type.Object(
  { ...billingFields, kind: Type.Union([Type.Literal('invoice'), Type.Literal('act')]) },
  { additionalProperties: false },
);

export const StornoBody = Type.Object({ date: Type.Optional(date) }, { additionalProperties: false });
export const CorrectBody = Type.Object(
  {
    date: Type.Optional(date),
    lines: Type.Array(
      Type.Object(
        {
          ...ManualLineSchema.properties,
          fromPosition: Type.Optional(Type.Integer({ minimum: 1, description: 'the act’s line this one replaces' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const ContractBody = Type.Object(
  {
    agreementId: id,
    entityId: id,
    date: Type.Optional(date),
    language: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const SendBody = Type.Object(
  { to: Type.Optional(Type.String({ minLength: 3, maxLength: 320, format: 'email' })) },
  { additionalProperties: false },
);

export const MonthlyRunBody = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }),
    entityId: id,
    kinds: Type.Optional(
      Type.Array(Type.Union([Type.Literal('invoice'), Type.Literal('act')]), { minItems: 1, maxItems: 2 }),
    ),
  },
  { additionalProperties: false },
);

export const BillingRunSettings = Type.Object(
  {
    enabled: Type.Boolean(),
    entityId: Type.Union([id, Type.Null()]),
    kinds: Type.Array(Type.Union([Type.Literal('invoice'), Type.Literal('act')]), { maxItems: 2 }),
  },
  { additionalProperties: false },
);

export const DocumentListQuery = Type.Object(
  {
    organizationId: Type.Optional(id),
    entityId: Type.Optional(id),
    kind: Type.Optional(
      Type.Union([
        Type.Literal('invoice'),
        Type.Literal('act'),
        Type.Literal('contract'),
        Type.Literal('reconciliation'),
      ]),
    ),
    from: Type.Optional(date),
    to: Type.Optional(date),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const PdfQuery = Type.Object(
  {
    stamp: Type.Optional(
      Type.Union([Type.Literal('1'), Type.Literal('0')], { description: '1: with stamp and signatures' }),
    ),
  },
  { additionalProperties: false },
);

export const IssuedSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  number: Type.String(),
  date: Type.String(),
  netKopecks: Type.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
  pdfUrl: Type.String(),
});

export const LineSchema = Type.Object({
  position: Type.Integer(),
  sourceKind: Type.String(),
  sourceIds: Type.Union([Type.Array(Type.Union([Type.Integer(), Type.String()])), Type.Null()]),
  description: Type.String(),
  quantity: Type.Number(),
  unit: Type.String(),
  unitPriceKopecks: Type.Integer(),
  discountKopecks: Type.Integer(),
  netKopecks: Type.Integer(),
  vatRate: OrNull.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
});

export const PreviewSchema = Type.Object({
  date: Type.String(),
  lines: Type.Array(LineSchema),
  netKopecks: Type.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
});

export const DocumentSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  correction: OrNull.String(),
  correctsDocumentId: OrNull.Integer(),
  reversedBy: Type.Union([Type.Object({ id: Type.Integer(), number: Type.String() }), Type.Null()]),
  number: Type.String(),
  date: Type.String(),
  organizationId: Type.Integer(),
  organizationName: Type.String(),
  entityId: Type.Integer(),
  entityName: Type.String(),
  agreementId: OrNull.Integer(),
  sourceDocumentId: OrNull.Integer(),
  periodFrom: OrNull.String(),
  periodTo: OrNull.String(),
  netKopecks: Type.Integer(),
  vatKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
  language: Type.String(),
  billingMonth: OrNull.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  pdfUrl: Type.String(),
});

export const DocumentDetailSchema = Type.Object({
  ...DocumentSchema.properties,
  totalInWords: Type.String(),
  paymentPurpose: OrNull.String(),
  lines: Type.Array(LineSchema),
  deliveries: Type.Array(
    Type.Object({ id: Type.Integer(), toAddress: Type.String(), outboxId: OrNull.Integer(), createdAt: Type.String() }),
  ),
});

export const SendResultSchema = Type.Object({
  deliveries: Type.Array(Type.Object({ id: Type.Integer(), toAddress: Type.String(), outboxId: OrNull.Integer() })),
});

export const MonthlyRunResultSchema = Type.Object({
  month: Type.String(),
  created: Type.Array(
    Type.Object({
      organizationId: Type.Integer(),
      kind: Type.String(),
      id: Type.Integer(),
      number: Type.String(),
      totalKopecks: Type.Integer(),
    }),
  ),
  skipped: Type.Integer(),
  failed: Type.Array(Type.Object({ organizationId: Type.Integer(), kind: Type.String(), message: Type.String() })),
});

export const TemplateParams = Type.Object(
  {
    kind: Type.Union([Type.Literal('contract'), Type.Literal('invoice'), Type.Literal('act')]),
    language: Type.Union([Type.Literal('ru'), Type.Literal('en')]),
  },
  { additionalProperties: false },
);
export const TemplateBody = Type.Object({ body: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false });
export const TemplateSchema = Type.Object({
  kind: Type.String(),
  language: Type.String(),
  body: Type.String(),
  custom: Type.Boolean(),
  updatedAt: OrNull.String(),
  fields: Type.Array(Type.String()),
});
