import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const date = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const optionalId = Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]));
const text = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));
const language = Type.Union([Type.Literal('ru'), Type.Literal('en')]);

export const CreatePaymentBody = Type.Object(
  {
    organizationId: optionalId,
    invoiceId: optionalId,
    entityId: optionalId,
    date,
    amountKopecks: Type.Integer({ minimum: 1, maximum: 10_000_000_000_000 }),
    payerName: text(500),
    payerInn: text(12),
    purpose: text(2000),
    paymentNumber: text(50),
  },
  { additionalProperties: false },
);

export const MatchPaymentBody = Type.Object(
  {
    organizationId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
      description: 'The client whose money it is; null puts it back on the unmatched list',
    }),
    invoiceId: optionalId,
    note: text(500),
  },
  { additionalProperties: false },
);

export const PaymentListQuery = Type.Object(
  {
    organizationId: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(date),
    to: Type.Optional(date),
    status: Type.Optional(Type.Union([Type.Literal('matched'), Type.Literal('unmatched')])),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ImportQuery = Type.Object(
  { fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { additionalProperties: false },
);

export const BalanceQuery = Type.Object({ at: Type.Optional(date) }, { additionalProperties: false });

export const ReconciliationQuery = Type.Object(
  {
    from: date,
    to: date,
    entityId: Type.Optional(Type.Integer({ minimum: 1 })),
    language: Type.Optional(language),
  },
  { additionalProperties: false },
);

export const ReconciliationPdfQuery = Type.Object(
  {
    from: date,
    to: date,
    entityId: Type.Optional(Type.Integer({ minimum: 1 })),
    language: Type.Optional(language),
    stamp: Type.Optional(
      Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]),
    ),
  },
  { additionalProperties: false },
);

export const ProfitQuery = Type.Object({ from: date, to: date }, { additionalProperties: false });

export const SalaryQuery = Type.Object(
  {
    month: Type.String({ maxLength: 7, description: 'YYYY-MM' }),
    agentId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const SalaryExportQuery = Type.Object(
  {
    month: Type.String({ maxLength: 7, description: 'YYYY-MM' }),
    agentId: Type.Optional(Type.Integer({ minimum: 1 })),
    language: Type.Optional(language),
  },
  { additionalProperties: false },
);

export const AgentParams = Type.Object({ agentId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const SalaryFormulaBody = Type.Object(
  {
    fixedKopecks: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
    perBillableHourKopecks: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
    revenuePercentBp: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points: 1000 = 10 %' }),
  },
  { additionalProperties: false },
);

// ------------------------------------------------------------------------------------------ responses

export const PaymentSchema = Type.Object({
  id: Type.Integer(),
  status: Type.Union([Type.Literal('matched'), Type.Literal('unmatched')]),
  organizationId: OrNull.Integer(),
  organizationName: OrNull.String(),
  entityId: OrNull.Integer(),
  invoiceId: OrNull.Integer(),
  invoiceNumber: OrNull.String(),
  invoiceDate: OrNull.String(),
  date: Type.String(),
  amountKopecks: Type.Integer(),
  payerName: OrNull.String(),
  payerInn: OrNull.String(),
  payerAccount: OrNull.String(),
  purpose: OrNull.String(),
  paymentNumber: OrNull.String(),
  source: Type.Union([Type.Literal('manual'), Type.Literal('import')]),
  importId: OrNull.Integer(),
  matchedBy: OrNull.String(),
  createdAt: Type.String(),
});

export const PaymentHistorySchema = Type.Object({
  at: Type.String(),
  actor: Type.String(),
  fromOrganizationId: OrNull.Integer(),
  fromInvoiceId: OrNull.Integer(),
  toOrganizationId: OrNull.Integer(),
  toInvoiceId: OrNull.Integer(),
  note: OrNull.String(),
});

export const PaymentWithHistorySchema = Type.Object({
  payment: PaymentSchema,
  history: Type.Array(PaymentHistorySchema),
});

export const ImportSummarySchema = Type.Object({
  importId: Type.Integer(),
  fileName: Type.String(),
  total: Type.Integer(),
  imported: Type.Integer(),
  matched: Type.Integer(),
  matchedToInvoices: Type.Integer(),
  unmatched: Type.Integer(),
  skipped: Type.Integer(),
  duplicates: Type.Integer(),
});

export const BalanceSchema = Type.Object({
  organizationId: Type.Integer(),
  name: Type.String(),
  at: Type.String(),
  actsKopecks: Type.Integer(),
  paymentsKopecks: Type.Integer(),
  balanceKopecks: Type.Integer(),
});

export const BalancesSchema = Type.Object({
  at: Type.String(),
  items: Type.Array(Type.Omit(BalanceSchema, ['at'])),
  totalKopecks: Type.Integer(),
});

const Party = {
  name: Type.String(),
  inn: OrNull.String(),
  kpp: OrNull.String(),
  ogrn: OrNull.String(),
  address: OrNull.String(),
  bankName: OrNull.String(),
  bik: OrNull.String(),
  corrAccount: OrNull.String(),
  settlementAccount: OrNull.String(),
  phone: OrNull.String(),
  email: OrNull.String(),
};
const Signer = Type.Object({ position: Type.String(), fullName: Type.String(), shortName: Type.String() });

export const ReconciliationSchema = Type.Object({
  language,
  seller: Type.Object({
    ...Party,
    director: Signer,
    accountant: Type.Union([Signer, Type.Null()]),
    stampSha256: OrNull.String(),
    directorSignatureSha256: OrNull.String(),
    accountantSignatureSha256: OrNull.String(),
  }),
  buyer: Type.Object(Party),
  from: Type.String(),
  to: Type.String(),
  openingBalanceKopecks: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      date: Type.String(),
      document: Type.String(),
      debitKopecks: Type.Integer(),
      creditKopecks: Type.Integer(),
    }),
  ),
  debitTurnoverKopecks: Type.Integer(),
  creditTurnoverKopecks: Type.Integer(),
  closingBalanceKopecks: Type.Integer(),
});

const Breakdown = Type.Object({ work: Type.Integer(), clientCosts: Type.Integer(), recurring: Type.Integer() });

export const ProfitSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  items: Type.Array(
    Type.Object({
      organizationId: Type.Integer(),
      name: Type.String(),
      revenueKopecks: Type.Integer(),
      costKopecks: Type.Integer(),
      profitKopecks: Type.Integer(),
      marginPercent: OrNull.Number(),
      breakdown: Breakdown,
    }),
  ),
  totals: Type.Object({
    revenueKopecks: Type.Integer(),
    costKopecks: Type.Integer(),
    profitKopecks: Type.Integer(),
    marginPercent: OrNull.Number(),
    breakdown: Breakdown,
  }),
});

export const SalaryFormulaSchema = Type.Object({
  agentId: Type.Integer(),
  fixedKopecks: Type.Integer(),
  perBillableHourKopecks: Type.Integer(),
  revenuePercentBp: Type.Integer(),
});

const minutesFields = {
  minutes: Type.Integer(),
  billableMinutes: Type.Integer(),
  nightMinutes: Type.Integer(),
  holidayMinutes: Type.Integer(),
};
const payFields = {
  fixedKopecks: Type.Integer(),
  hourlyKopecks: Type.Integer(),
  revenueShareKopecks: Type.Integer(),
  totalKopecks: Type.Integer(),
};

export const SalarySheetSchema = Type.Object({
  month: Type.String(),
  from: Type.String(),
  to: Type.String(),
  note: Type.String(),
  items: Type.Array(
    Type.Object({
      agentId: Type.Integer(),
      name: Type.String(),
      role: Type.String(),
      timezone: Type.String(),
      ...minutesFields,
      nonBillableMinutes: Type.Integer(),
      unsplitMinutes: Type.Integer(),
      revenueKopecks: Type.Integer(),
      formula: Type.Union([
        Type.Object({
          fixedKopecks: Type.Integer(),
          perBillableHourKopecks: Type.Integer(),
          revenuePercentBp: Type.Integer(),
        }),
        Type.Null(),
      ]),
      ...payFields,
    }),
  ),
  totals: Type.Object({ ...minutesFields, ...payFields }),
});
