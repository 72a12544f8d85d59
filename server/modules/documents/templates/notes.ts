/**
 * The default notes printed under an invoice's totals (payment terms) and under an act's totals (acceptance),
 * ru and en. Admins replace them per language; see ./index.ts for the fields.
 */
export const invoiceNotesRu = `Оплата этого счёта означает согласие с условиями оказания услуг. Счёт действителен к оплате в течение 5 банковских дней.
{{#paymentPurpose}}
В назначении платежа укажите: «{{paymentPurpose}}».
{{/paymentPurpose}}
`;

export const invoiceNotesEn = `Payment of this invoice means acceptance of the terms of service. The invoice is payable within 5 banking days.
{{#paymentPurpose}}
Please state as the payment reference: "{{paymentPurpose}}".
{{/paymentPurpose}}
`;

export const actNotesRu = `{{^correction}}
Вышеперечисленные услуги оказаны полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.
{{/correction}}
{{#correction.storno}}
Настоящий акт полностью сторнирует акт № {{correction.number}} от {{correction.date}}.
{{/correction.storno}}
{{#correction.corrected}}
Настоящий акт исправляет акт № {{correction.number}} от {{correction.date}} и заменяет его.
{{/correction.corrected}}
`;

export const actNotesEn = `{{^correction}}
The above services have been rendered in full and on time. The Customer has no claims as to their scope, quality or timing.
{{/correction}}
{{#correction.storno}}
This certificate reverses certificate No. {{correction.number}} dated {{correction.date}} in full.
{{/correction.storno}}
{{#correction.corrected}}
This certificate corrects and replaces certificate No. {{correction.number}} dated {{correction.date}}.
{{/correction.corrected}}
`;
