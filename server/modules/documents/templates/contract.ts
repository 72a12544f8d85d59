/**
 * The default contract (agreement) body, ru and en. Admins replace it per language in Settings → Documents;
 * this is what a contract prints until they do, and what "reset to default" brings back.
 *
 * The text is Mustache (see ./index.ts for the fields and the few line marks the PDF understands). Russian
 * legal text normally puts the signer's position and name in the genitive («в лице Генерального директора
 * Иванова И. И.»); the requisites store them in the nominative, so the default phrases around it.
 */
export const contractRu = `# ДОГОВОР № {{#agreement}}{{number}}{{/agreement}}{{^agreement}}{{number}}{{/agreement}}
# на оказание услуг технической поддержки
>> {{date}}

{{seller.name}}, именуемое в дальнейшем «Исполнитель», от имени которого действует {{seller.director.position}} {{seller.director.fullName}}, с одной стороны, и {{buyer.name}}, именуемое в дальнейшем «Заказчик», с другой стороны, вместе именуемые «Стороны», заключили настоящий договор о нижеследующем.

## 1. Предмет договора
1.1. Исполнитель оказывает Заказчику услуги технической поддержки на уровне обслуживания «{{terms.tier}}», а Заказчик принимает и оплачивает их.
1.2. Договор распространяется на следующие услуги:
{{#terms.services}}
— {{.}}
{{/terms.services}}
{{^terms.services}}
— все услуги из каталога Исполнителя.
{{/terms.services}}
{{#terms.calendarName}}
1.3. Услуги оказываются по графику «{{terms.calendarName}}»; сроки реакции и решения считаются в рабочем времени этого графика.
{{/terms.calendarName}}

## 2. Уровень обслуживания
2.1. Исполнитель соблюдает следующие целевые сроки реакции на обращения и их решения в зависимости от приоритета:
[[sla-table]]
{{#terms.packageHours}}
2.2. В стоимость обслуживания входит пакет из {{terms.packageHours}} ч работ в месяц; работы сверх пакета оплачиваются по действующим тарифам Исполнителя.
{{/terms.packageHours}}

## 3. Срок действия
3.1. Срок действия договора: с {{agreement.startsOn}}{{#agreement.endsOn}} по {{agreement.endsOn}}{{/agreement.endsOn}}{{^agreement.endsOn}}, без ограничения срока{{/agreement.endsOn}}

## 4. Сдача и приёмка услуг, оплата
4.1. По итогам каждого месяца Исполнитель составляет акт выполненных работ (оказанных услуг) и выставляет счёт на оплату.
4.2. Заказчик подписывает акт или направляет мотивированный отказ в течение 5 рабочих дней с его получения; если отказа нет, услуги считаются принятыми.
4.3. Заказчик оплачивает счёт в течение 5 банковских дней с даты его выставления.

## 5. Прочие условия
5.1. Споры разрешаются переговорами, а если согласие не достигнуто, — в арбитражном суде по месту нахождения Исполнителя.
5.2. Договор составлен в двух экземплярах, имеющих равную юридическую силу, по одному для каждой из Сторон.
`;

export const contractEn = `# SERVICE AGREEMENT No. {{#agreement}}{{number}}{{/agreement}}{{^agreement}}{{number}}{{/agreement}}
# for technical support services
>> {{date}}

{{seller.name}} (the "Contractor"), represented by {{seller.director.position}} {{seller.director.fullName}}, and {{buyer.name}} (the "Customer"), together the "Parties", have agreed as follows.

## 1. Subject
1.1. The Contractor provides the Customer with technical support services at the "{{terms.tier}}" service level, and the Customer accepts and pays for them.
1.2. This agreement covers the following services:
{{#terms.services}}
— {{.}}
{{/terms.services}}
{{^terms.services}}
— every service in the Contractor's catalogue.
{{/terms.services}}
{{#terms.calendarName}}
1.3. Services are provided on the "{{terms.calendarName}}" schedule; reaction and resolution times are counted in its working hours.
{{/terms.calendarName}}

## 2. Service level
2.1. The Contractor meets the following reaction and resolution targets, by priority:
[[sla-table]]
{{#terms.packageHours}}
2.2. The fee includes a package of {{terms.packageHours}} hours of work per month; work beyond the package is paid at the Contractor's current rates.
{{/terms.packageHours}}

## 3. Term
3.1. This agreement is in force from {{agreement.startsOn}}{{#agreement.endsOn}} to {{agreement.endsOn}}{{/agreement.endsOn}}{{^agreement.endsOn}} for an indefinite term{{/agreement.endsOn}}.

## 4. Acceptance and payment
4.1. At the end of each month the Contractor draws up a certificate of services rendered and issues an invoice.
4.2. The Customer signs the certificate or sends a reasoned refusal within 5 working days of receiving it; without a refusal the services are deemed accepted.
4.3. The Customer pays the invoice within 5 banking days of its date.

## 5. Other terms
5.1. Disputes are settled by negotiation, failing which by the commercial (arbitrazh) court at the Contractor's location.
5.2. This agreement is made in two copies of equal legal force, one for each Party.
`;
