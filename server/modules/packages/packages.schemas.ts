import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const Period = Type.Object({ key: Type.String(), start: Type.String(), end: Type.String() });

const termFields = {
  packagePeriod: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('once')]),
  carryRule: Type.Union([Type.Literal('none'), Type.Literal('limited'), Type.Literal('all')]),
  carryLimitMinutes: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  overage: Type.Union([Type.Literal('refuse'), Type.Literal('bill')]),
  overageRateKopecks: Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000_000 }), Type.Null()]),
  roundQuantumMinutes: Type.Integer({ minimum: 1, maximum: 480 }),
  roundRule: Type.Union([Type.Literal('up'), Type.Literal('nearest'), Type.Literal('down')]),
  minimumMinutes: Type.Integer({ minimum: 0, maximum: 480 }),
  billableDefault: Type.Union([Type.Boolean(), Type.Null()]),
  thresholds: Type.Array(Type.Integer({ minimum: 1, maximum: 100 }), { maxItems: 10 }),
};

export const TimeTermsBody = Type.Object(termFields, { additionalProperties: false });

export const TimeTermsSchema = Type.Object({
  hoursPerPeriod: OrNull.Number(),
  ...termFields,
  overageRateKopecks: OrNull.Integer(),
  billableDefault: Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] }),
});

const Sums = {
  grantedMinutes: Type.Integer(),
  usedMinutes: Type.Integer(),
  balanceMinutes: Type.Integer(),
};

export const PackageSummarySchema = Type.Object({
  agreementId: Type.Integer(),
  agreementNumber: Type.String(),
  period: Period,
  ...Sums,
  overage: termFields.overage,
});

export const AgreementPackageSchema = Type.Object({
  agreementId: Type.Integer(),
  period: Type.Union([Period, Type.Null()]),
  ...Sums,
  terms: TimeTermsSchema,
  periods: Type.Array(Type.Object({ ...Period.properties, closed: Type.Boolean(), ...Sums })),
  ledger: Type.Array(
    Type.Object({
      id: Type.Integer(),
      periodKey: Type.String(),
      kind: Type.String(),
      minutes: Type.Integer(),
      worklogId: OrNull.Integer(),
      ticketNumber: OrNull.Integer(),
      at: Type.String(),
      actor: Type.String(),
      note: OrNull.String(),
    }),
  ),
});
