import { Type } from '@sinclair/typebox';
import { OrNull } from '../../http/types.js';

const text = (max: number) => Type.String({ maxLength: max });
const optionalText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

const fields = {
  name: Type.String({
    minLength: 1,
    maxLength: 500,
    description: 'Full name: «Общество с ограниченной ответственностью «Ондеск Сервис»»',
  }),
  shortName: Type.String({ minLength: 1, maxLength: 200, description: 'ООО «Ондеск Сервис»' }),
  inn: text(12),
  kpp: optionalText(9),
  ogrn: optionalText(15),
  address: Type.String({ minLength: 1, maxLength: 500 }),
  bankName: Type.String({ minLength: 1, maxLength: 300 }),
  bik: text(9),
  corrAccount: text(20),
  settlementAccount: text(20),
  directorName: Type.String({ minLength: 1, maxLength: 200 }),
  directorPosition: Type.String({ minLength: 1, maxLength: 200 }),
  accountantName: optionalText(200),
  accountantPosition: optionalText(200),
  phone: optionalText(50),
  email: optionalText(200),
  vatMode: Type.Optional(
    Type.Union([Type.Literal('standard'), Type.Literal('10'), Type.Literal('0'), Type.Literal('none')], {
      description: "'standard': 22 % from 2026-01-01 (20 % before); 'none': «Без НДС»",
    }),
  ),
  pricesIncludeVat: Type.Optional(Type.Boolean({ description: 'true: prices include VAT («в т.ч. НДС»)' })),
  active: Type.Optional(Type.Boolean()),
};

export const CreateEntityBody = Type.Object(fields, { additionalProperties: false });
export const UpdateEntityBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

export const ImageParams = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    image: Type.Union([
      Type.Literal('stamp'),
      Type.Literal('director-signature'),
      Type.Literal('accountant-signature'),
    ]),
  },
  { additionalProperties: false },
);

export const EntitySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  shortName: Type.String(),
  inn: Type.String(),
  kpp: OrNull.String(),
  ogrn: OrNull.String(),
  address: Type.String(),
  bankName: Type.String(),
  bik: Type.String(),
  corrAccount: Type.String(),
  settlementAccount: Type.String(),
  directorName: Type.String(),
  directorPosition: Type.String(),
  accountantName: OrNull.String(),
  accountantPosition: OrNull.String(),
  phone: OrNull.String(),
  email: OrNull.String(),
  vatMode: Type.String(),
  pricesIncludeVat: Type.Boolean(),
  active: Type.Boolean(),
  stampUrl: OrNull.String(),
  directorSignatureUrl: OrNull.String(),
  accountantSignatureUrl: OrNull.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
