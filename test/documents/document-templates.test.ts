/**
 * Admin-editable document templates: Mustache sections render into the PDF, the defaults are valid, and what
 * could pull in other text or print nothing by mistake (partials, unknown fields, broken sections) is refused
 * on save with a message that says what to fix. Also the payment QR payload's rules.
 */
import t from 'tap';
import {
  TEMPLATE_KINDS,
  TEMPLATE_MAX_LENGTH,
  defaultTemplate,
  paymentQrPayload,
  renderDocumentPdf,
  renderTemplate,
  templateFieldNames,
  validateTemplate,
} from '../../server/modules/documents/render/index.js';
import { act, contract, imageStore, invoice, poppler, seller } from './render-fixtures.js';

const plain = { stamp: false, ...imageStore() };
const flatText = (pdf: Buffer) =>
  poppler('pdftotext', ['-layout'], pdf)
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');

t.test('the default templates are valid in both languages', async (t) => {
  t.same(TEMPLATE_KINDS, ['contract', 'invoice', 'act']);
  for (const kind of TEMPLATE_KINDS) {
    for (const language of ['ru', 'en'] as const) {
      t.equal(validateTemplate(defaultTemplate(kind, language)), null, `${kind} ${language}`);
    }
  }
});

t.test('a template with sections renders into the PDF', async (t) => {
  const template = [
    '# Договор {{agreement.number}} с {{buyer.name}}',
    '## Услуги',
    '{{#terms.services}}',
    '— {{.}} по тарифу «{{terms.tier}}»',
    '{{/terms.services}}',
    '{{^terms.calendarName}}Круглосуточно.{{/terms.calendarName}}',
    '{{#terms.slaTargets}}',
    'Приоритет {{priority}}: реакция {{reaction}}, решение {{resolution}}.',
    '{{/terms.slaTargets}}',
    '{{#seller.accountant}}Бухгалтер: {{shortName}}{{/seller.accountant}}',
    '[[sla-table]]',
  ].join('\n');
  t.equal(validateTemplate(template), null);
  const text = flatText(await renderDocumentPdf(contract(), { ...plain, template }));
  t.match(text, 'Договор 2026-014 с ООО «Ромашка»', 'no HTML escaping: quotes print as written');
  t.match(text, '— Поддержка 1С по тарифу «Бизнес 8x5»');
  t.match(text, '— Обслуживание сайта по тарифу «Бизнес 8x5»');
  t.notMatch(text, 'Круглосуточно', 'an inverted section is skipped when the field is set');
  t.match(text, 'Приоритет P1: реакция 30 мин, решение 4 ч.');
  t.match(text, 'Приоритет P4: реакция 8 ч, решение —.');
  t.match(text, 'Бухгалтер: Петрова А. С.');
  t.match(text, /Приоритет Время реакции Время решения P1 30 мин 4\s?ч/, 'the SLA table where the mark stands');
  t.notMatch(text, '[[sla-table]]');

  const notes = 'Оплатить до {{dateShort}} по счёту № {{number}} на {{total}} руб. {{{seller.name}}} & {{&buyer.name}}';
  t.equal(validateTemplate(notes), null);
  const invoiceText = flatText(await renderDocumentPdf(invoice(), { ...plain, template: notes }));
  t.match(invoiceText, 'Оплатить до 04.12.2026 по счёту № 15 на 42 273,00 руб.');
  t.match(invoiceText, 'Общество с ограниченной ответственностью «Ондеск Сервис» & ООО «Ромашка»');
  t.notMatch(invoiceText, 'Счёт действителен', 'the admin’s notes replace the default ones');

  t.equal(
    renderTemplate('{{buyer.name}} <{{buyer.email}}>', invoice({ buyer: { ...invoice().buyer, name: 'A & B "C"' } })),
    'A & B "C" <buh@romashka.example>',
  );
});

t.test('partials, unknown fields and broken sections are refused with a message', async (t) => {
  t.match(validateTemplate('Текст {{> footer}}'), /may not include other templates \(\{\{> footer\}\}\)/);
  t.match(validateTemplate('{{#terms.services}}{{> item}}{{/terms.services}}'), /may not include other templates/);
  t.match(
    validateTemplate('Директор: {{seller.director.surname}}'),
    /uses \{\{seller\.director\.surname\}\}, which documents do not have/,
  );
  t.match(validateTemplate('{{#terms.slaTargets}}{{reactionMinutes}}{{/terms.slaTargets}}'), /\{\{reactionMinutes\}\}/);
  t.match(validateTemplate('{{constructor}}'), /\{\{constructor\}\}/, 'nothing from the prototype chain');
  t.match(validateTemplate('{{#terms.services}}без конца'), /cannot be read: Unclosed section "terms.services"/);
  t.match(validateTemplate('{{/agreement}}'), /cannot be read: Unopened section "agreement"/);
  t.match(validateTemplate('x'.repeat(TEMPLATE_MAX_LENGTH + 1)), /at most 100000 are allowed/);
  t.equal(validateTemplate('{{! a comment }}{{=<% %>=}}<% number %>'), null, 'comments and delimiters are fine');
  t.ok(templateFieldNames().includes('terms.slaTargets[].reaction'));
  t.ok(templateFieldNames().includes('seller.director.shortName'));

  // A stored template that slipped past (older rules) is refused at print time, not printed half-empty.
  await t.rejects(renderDocumentPdf(act(), { ...plain, template: '{{> x}}' }), {
    status: 422,
    code: 'invalid_template',
    message: /The act template \(ru\) cannot be used: Templates may not include other templates/,
  });
});

t.test('the payment QR payload follows ГОСТ Р 56042-2014', async (t) => {
  const doc = invoice({
    paymentPurpose: `Оплата | по счёту\n№ 15 ${'очень длинное назначение '.repeat(12)}`,
    seller: { ...seller, kpp: null, name: 'ИП Сидоров Пётр Петрович' },
  });
  const payload = paymentQrPayload(doc);
  t.match(
    payload,
    /^ST00012\|Name=ИП Сидоров Пётр Петрович\|PersonalAcc=40702810938000012345\|BankName=ПАО СБЕРБАНК г. Москва\|BIC=044525225\|CorrespAcc=30101810400000000225\|PayeeINN=7701234567\|Purpose=/,
  );
  t.notMatch(payload, 'KPP=', 'a sole trader has no KPP: the field is left out');
  const purpose = /\|Purpose=([^|]*)\|/.exec(payload)![1]!;
  t.equal([...purpose].length, 210, 'cut at the standard’s 210 characters');
  t.ok(purpose.startsWith('Оплата по счёту № 15 очень'), 'the separator and the line break are gone from the value');
  t.match(payload, /\|Sum=4227300$/, 'the sum in kopecks');
  t.equal(payload.split('|').length, 9, 'header and eight fields');

  const free = paymentQrPayload(invoice({ lines: [], paymentPurpose: null }));
  t.notMatch(free, 'Sum=', 'nothing to pay: no sum');
  t.notMatch(free, 'Purpose=');
});
