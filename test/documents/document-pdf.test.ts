/**
 * The document PDFs as a reader and a bank app see them: pdftotext finds the act's seven requisites of 402-FZ
 * art. 9 p. 2 and the total in words, pdffonts shows every font embedded, the invoice's QR decodes from the
 * rendered page to the exact ГОСТ Р 56042-2014 string, stamps appear only when asked for, and every document
 * has its English layout. Real PDFs from the real renderer; poppler-utils read them.
 */
import t from 'tap';
import jsQRModule from 'jsqr';
import {
  paymentQrPayload,
  renderDocumentPdf,
  renderReconciliationPdf,
} from '../../server/modules/documents/render/index.js';
import { act, contract, imageStore, invoice, line, pageImage, poppler, reconciliation } from './render-fixtures.js';

// jsqr is CommonJS with a default export in its types: under NodeNext the import is the module object.
const jsQR = jsQRModule.default;
const store = imageStore();
const plain = { stamp: false, ...store };
const stamped = { stamp: true, ...store };

/** The PDF's text laid out as printed, with no-break spaces read as spaces (money groups digits with them). */
const textOf = (pdf: Buffer) => poppler('pdftotext', ['-layout'], pdf).replace(/[\u00a0\u202f]/g, ' ');
/** The same text as one line: phrases a narrow column wraps read whole. */
const flat = (text: string) => text.replace(/\s+/g, ' ');
/** Images placed on the pages (a PNG with transparency is listed with its soft mask: those are not counted). */
const imagesOf = (pdf: Buffer) =>
  poppler('pdfimages', ['-list'], pdf)
    .split('\n')
    .slice(2)
    .filter((row) => /^\s*\d+\s+\d+\s+image\b/.test(row)).length;
const pagesOf = (pdf: Buffer) => Number(/Pages:\s+(\d+)/.exec(poppler('pdfinfo', [], pdf))![1]);

t.test('an act carries the seven requisites of 402-FZ art. 9 p. 2 and the total in words', async (t) => {
  const doc = act();
  const text = textOf(await renderDocumentPdf(doc, plain));
  // 1. the name of the document and 2. its date
  t.match(text, 'Акт № 2026-15 от 4 декабря 2026 г.');
  t.match(text, 'выполненных работ (оказанных услуг)');
  // 3. the entity that drew it up
  t.match(text, 'Исполнитель:');
  t.match(flat(text), 'Общество с ограниченной ответственностью «Ондеск Сервис»');
  // 4. the content of the operation
  t.match(text, 'Техническая поддержка: заявка №1042 «Не работает почта»');
  t.match(text, 'Продление домена romashka.ru');
  // 5. its measure in money and in natural units: quantity with unit, price and amount on the line's row
  t.match(text, /Техническая поддержка: заявка №1042 «Не работает почта»\s+1,5\s+ч\s+2 500,00\s+3 750,00/);
  t.match(text, /Администрирование серверов \(пакет часов, ноябрь 2026\)\s+1\s+мес\s+30 000,00\s+30 000,00/);
  t.match(text, /Итого:\s+34 650,00/);
  t.match(text, /НДС 22 % \(сверху\):\s+7 623,00/);
  t.match(text, /Всего:\s+42 273,00/);
  t.match(text, 'Всего оказано услуг 3, на сумму 42 273,00 руб.');
  // 6. the positions of the responsible persons, on both sides
  t.match(text, /Исполнитель\s+Заказчик/);
  t.match(text, 'Генеральный директор');
  t.match(text, 'должность');
  // 7. their signatures with surnames and initials
  t.match(text, '/ Иванов И. И. /');
  t.equal(text.match(/подпись\s/g)?.length, 2, 'a line to sign on for each side');
  t.equal(text.match(/расшифровка подписи/g)?.length, 2);
  // and the total in words, the agreement and the period
  t.match(text, 'Сорок две тысячи двести семьдесят три рубля 00 копеек');
  t.match(text, 'Договор № 2026-014 от 1 января 2026 г.');
  t.match(text, 'с 01.11.2026 по 30.11.2026');
  t.match(flat(text), 'Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.');
});

t.test('every font of every document is embedded', async (t) => {
  const pdfs = [
    await renderDocumentPdf(invoice(), stamped),
    await renderDocumentPdf(act({ language: 'en' }), plain),
    await renderDocumentPdf(contract(), plain),
    await renderReconciliationPdf(reconciliation(), plain),
  ];
  for (const pdf of pdfs) {
    const rows = poppler('pdffonts', [], pdf).trim().split('\n').slice(2);
    t.equal(rows.length, 2, 'the regular and the bold face');
    for (const row of rows) {
      t.match(row, /DejaVuSans/);
      // columns: name type encoding emb sub uni object-id
      t.match(row, /\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/, `embedded: ${row}`);
    }
  }
});

t.test('the invoice is the bank form with a payment QR that decodes to the exact ГОСТ string', async (t) => {
  const doc = invoice();
  const expected =
    'ST00012|Name=Общество с ограниченной ответственностью «Ондеск Сервис»|PersonalAcc=40702810938000012345' +
    '|BankName=ПАО СБЕРБАНК г. Москва|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7701234567' +
    '|KPP=770101001|Purpose=Оплата по счёту № 15 от 04.12.2026 за услуги технической поддержки. ' +
    'В т.ч. НДС 22 % 7 623,00 руб.|Sum=4227300';
  t.equal(paymentQrPayload(doc), expected);

  const pdf = await renderDocumentPdf(doc, plain);
  const page = pageImage(pdf, 200);
  const qr = jsQR(page.data, page.width, page.height);
  t.ok(qr, 'a QR code is found on the page');
  t.equal(Buffer.from(qr!.binaryData).toString('utf8'), expected, 'it reads as the payload, byte for byte');

  const text = textOf(pdf);
  t.match(text, 'Счёт на оплату № 15 от 4 декабря 2026 г.');
  for (const part of ['ПАО СБЕРБАНК г. Москва', 'Банк получателя', 'БИК', '044525225', '30101810400000000225']) {
    t.match(text, part);
  }
  t.match(text, /ИНН 7701234567\s+КПП 770101001\s+Сч. №\s+40702810938000012345/);
  t.match(text, 'Получатель');
  t.match(text, 'Поставщик');
  t.match(text, 'Покупатель (Заказчик):');
  t.match(text, /№\s+Товары \(работы, услуги\)\s+Кол-во\s+Ед.\s+Цена\s+Сумма/);
  t.match(text, /Всего к оплате:\s+42 273,00/);
  t.match(text, 'Всего наименований 3, на сумму 42 273,00 руб.');
  t.match(text, 'Сорок две тысячи двести семьдесят три рубля 00 копеек');
  t.match(text, /Руководитель\s+Генеральный директор\s+Иванов И. И./);
  t.match(text, /Бухгалтер\s+Главный бухгалтер\s+Петрова А. С./);
  t.match(flat(text), 'Счёт действителен к оплате в течение 5 банковских дней.');
  t.match(flat(text), 'В назначении платежа укажите: «Оплата по счёту № 15 от 04.12.2026');
  t.notMatch(text, 'Ставка НДС', 'one VAT rate is said once, under the table');
});

t.test('VAT reads as the lines were issued: on top, included, several rates, none', async (t) => {
  const mixed = invoice({
    lines: [line(1, 'Поддержка сайта', 2, 'ч', 200000, 22), line(2, 'Обучение сотрудников', 1, 'усл', 500000, null)],
  });
  const mixedText = textOf(await renderDocumentPdf(mixed, plain));
  t.match(mixedText, /Цена\s+Ставка\s+Сумма\s+Сумма без\s+Всего с/, 'the VAT columns, with net and gross amounts');
  t.match(mixedText, /Поддержка сайта\s+2\s+ч\s+2 000,00\s+22 %\s+880,00\s+4 000,00\s+4 880,00/);
  t.match(mixedText, /Обучение сотрудников\s+1\s+усл\s+5 000,00\s+Без НДС\s+—\s+5 000,00\s+5 000,00/);
  t.match(mixedText, /НДС 22 % \(сверху\):\s+880,00/);
  t.match(mixedText, /Всего к оплате:\s+9 880,00/);

  const included = invoice({ pricesIncludeVat: true });
  t.match(textOf(await renderDocumentPdf(included, plain)), /В том числе НДС 22 %:\s+7 623,00/);

  const simplified = invoice({ vatMode: 'none', lines: [line(1, 'Поддержка сайта', 2, 'ч', 200000, null)] });
  const simplifiedText = textOf(await renderDocumentPdf(simplified, plain));
  t.match(simplifiedText, /Без НДС\s+—/);
  t.match(simplifiedText, /Всего к оплате:\s+4 000,00/);
});

t.test('a storno act names the act it reverses and shows negative amounts', async (t) => {
  const reversed = act({
    correction: 'storno',
    corrects: { number: '2026-11', date: '2026-11-01' },
    number: '2026-16',
    lines: [line(1, 'Сторно: администрирование серверов', -1, 'мес', 3000000)],
    totalInWords: 'Минус тридцать шесть тысяч шестьсот рублей 00 копеек',
  });
  const text = textOf(await renderDocumentPdf(reversed, plain));
  t.match(text, 'Акт (сторно) № 2026-16 от 4 декабря 2026 г.');
  t.match(text, 'Сторно к акту № 2026-11 от 01.11.2026');
  t.match(text, /Всего:\s+−36 600,00/);
  t.match(text, 'Настоящий акт полностью сторнирует акт № 2026-11 от 01.11.2026.');
  t.notMatch(text, 'Заказчик претензий', 'the acceptance sentence belongs to ordinary acts');

  const corrected = act({ correction: 'corrected', corrects: { number: '2026-11', date: '2026-11-01' } });
  const correctedText = textOf(await renderDocumentPdf(corrected, plain));
  t.match(correctedText, 'Корректировочный акт № 2026-15 от 4 декабря 2026 г.');
  t.match(correctedText, 'Корректировочный к акту № 2026-11 от 01.11.2026');
});

t.test('a contract prints the agreement: period, tier, services, SLA targets, package, requisites', async (t) => {
  const text = textOf(await renderDocumentPdf(contract(), plain));
  t.match(text, 'ДОГОВОР № 2026-014');
  t.match(flat(text), 'на уровне обслуживания «Бизнес 8x5»');
  for (const service of ['Поддержка 1С', 'Администрирование серверов', 'Обслуживание сайта']) {
    t.match(text, new RegExp(`\\n\\s+—\\s+${service}\\n`), `${service}: an item of the list`);
  }
  t.match(text, /Приоритет\s+Время реакции\s+Время решения/);
  t.match(text, /P1\s+30 мин\s+4\s?ч/);
  t.match(text, /P3\s+4\s?ч\s+24\s?ч/);
  t.match(text, /P4\s+8\s?ч\s+—/);
  t.match(flat(text), 'пакет из 20 ч работ в месяц');
  t.match(flat(text), 'по графику «Москва 10–19»');
  t.match(flat(text), 'Срок действия договора: с 1 января 2026 г. по 31 декабря 2026 г.');
  t.match(text, 'Реквизиты и подписи сторон');
  t.match(text, 'р/с 40702810938000012345 в ПАО СБЕРБАНК');
  t.match(text, 'ИНН 7812345678, КПП 781201001');
  t.match(text, '/ Иванов И. И. /');

  const open = textOf(
    await renderDocumentPdf(
      contract({ agreement: { number: '2027-001', title: null, startsOn: '2027-01-01', endsOn: null } }),
      plain,
    ),
  );
  t.match(flat(open), 'Срок действия договора: с 1 января 2027 г., без ограничения срока');

  const unbound = textOf(await renderDocumentPdf(contract({ agreement: null }), plain));
  t.match(unbound, 'ДОГОВОР № 7', 'without an agreement the contract has its own number');
});

t.test('a reconciliation statement has the balances, the rows, the turnovers and who owes whom', async (t) => {
  const text = textOf(await renderReconciliationPdf(reconciliation(), plain));
  t.match(text, 'Акт сверки взаимных расчётов');
  t.match(text, 'за период с 01.10.2026 по 31.12.2026');
  t.match(text, /Сальдо начальное\s+15 000,00\s+Сальдо начальное/);
  t.match(text, /31.10.2026\s+Акт № 2026-11 от\s+41 492,00/);
  t.match(text, /05.11.2026\s+Оплата, п\/п № 318 от\s+56 492,00/);
  t.match(text, /Обороты за период\s+82 984,00\s+56 492,00\s+Обороты за период/);
  t.match(text, /Сальдо конечное\s+41 492,00\s+Сальдо конечное/);
  t.match(
    flat(text),
    'задолженность в пользу Исполнителя (Общество с ограниченной ответственностью «Ондеск Сервис») составляет 41 492,00 руб.',
  );
  t.match(text, /От Исполнителя\s+От Заказчика/);
  t.match(text, '/ Иванов И. И. /');

  const overpaid = textOf(
    await renderReconciliationPdf(
      reconciliation({ closingBalanceKopecks: -250000, openingBalanceKopecks: -100 }),
      plain,
    ),
  );
  t.match(overpaid, /Сальдо начальное\s+1,00\s+Сальдо начальное/, 'a credit opening balance sits in the credit column');
  t.match(flat(overpaid), 'задолженность в пользу Заказчика (ООО «Ромашка») составляет 2 500,00 руб.');

  const settled = textOf(await renderReconciliationPdf(reconciliation({ closingBalanceKopecks: 0 }), plain));
  t.match(flat(settled), 'задолженность между сторонами отсутствует');
});

t.test('every document has its English layout', async (t) => {
  const en = { language: 'en' as const };
  const invoiceText = textOf(await renderDocumentPdf(invoice(en), plain));
  t.match(invoiceText, 'Invoice No. 15 dated December 4, 2026');
  t.match(invoiceText, "Beneficiary's bank");
  t.match(invoiceText, /Total due:\s+42,273.00/);
  t.match(invoiceText, 'Items: 3, amounting to RUB 42,273.00');
  t.notMatch(invoiceText, 'Счёт на оплату');

  const actText = textOf(await renderDocumentPdf(act(en), plain));
  t.match(flat(actText), 'Certificate of services rendered No. 2026-15 dated December 4, 2026');
  t.match(actText, /Contractor\s+Customer/);
  t.match(actText, 'The above services have been rendered in full and on time.');
  t.notMatch(actText, 'Исполнитель');

  const contractText = textOf(await renderDocumentPdf(contract(en), plain));
  t.match(contractText, 'SERVICE AGREEMENT No. 2026-014');
  t.match(contractText, /Priority\s+Reaction time\s+Resolution time/);
  t.match(contractText, /P1\s+30 min\s+4\s?h/);
  t.match(contractText, "The Parties' details and signatures");

  const statement = textOf(await renderReconciliationPdf(reconciliation(en), plain));
  t.match(statement, 'Reconciliation statement');
  t.match(statement, 'for the period from Oct 1, 2026 to Dec 31, 2026');
  t.match(statement, /Opening balance\s+15,000.00/);
  t.match(statement, /Closing balance\s+41,492.00/);
  t.match(flat(statement), 'the debt in favour of the Contractor');
});

t.test('stamp and signatures are placed only when asked for', async (t) => {
  t.equal(imagesOf(await renderDocumentPdf(invoice(), plain)), 0, 'without: no image at all (the QR is drawn)');
  t.equal(imagesOf(await renderDocumentPdf(invoice(), stamped)), 3, 'with: stamp, head and accountant signatures');
  t.equal(imagesOf(await renderDocumentPdf(act(), plain)), 0);
  t.equal(imagesOf(await renderDocumentPdf(act(), stamped)), 2, 'the act: stamp and the head’s signature');
  t.equal(imagesOf(await renderDocumentPdf(contract(), stamped)), 2);
  t.equal(imagesOf(await renderReconciliationPdf(reconciliation(), plain)), 0);
  t.equal(imagesOf(await renderReconciliationPdf(reconciliation(), stamped)), 2);

  // An entity without uploaded images prints the lines to sign on, with stamp or without.
  const bare = invoice({
    seller: { ...invoice().seller, stampSha256: null, directorSignatureSha256: null, accountantSignatureSha256: null },
  });
  t.equal(imagesOf(await renderDocumentPdf(bare, stamped)), 0);

  // An image that is not a PNG is refused in words, not printed as a hole.
  const broken = { stamp: true, image: async () => Buffer.from('not a png') };
  await t.rejects(renderDocumentPdf(act(), broken), {
    status: 422,
    code: 'unreadable_image',
    message: /image of the legal entity cannot be read as a PNG/,
  });
});

t.test('a 100-line act breaks pages between rows, repeats the header, keeps the totals with the words', async (t) => {
  const pdf = await renderDocumentPdf(act({}, 100), plain);
  const pages = pagesOf(pdf);
  const text = textOf(pdf);
  const pageTexts = text.split('\f').filter((p) => p.trim());
  const withRows = pageTexts.filter((p) => /Заявка №1\d{3}/.test(p));
  t.ok(withRows.length >= 3, 'the lines run over three pages or more');
  for (const page of withRows)
    t.match(page, /№\s+Наименование работ, услуг\s+Кол-во\s+Ед./, 'each page has the header');
  const lastPage = pageTexts.at(-1)!;
  t.match(lastPage, 'Сорок две тысячи', 'the total in words');
  t.match(lastPage, /Всего оказано услуг 100, на сумму/);
  t.match(lastPage, /Всего:\s+/);
  t.match(text, /\n\s*100\s+Заявка №1099/);
  t.match(text, `страница ${pages} из ${pages}`);
});

t.test('text too long for a page never breaks the layout', async (t) => {
  // A line's description of pages is held to half a page, cut with an ellipsis; the next line follows it.
  const long = act({
    lines: [line(1, 'Очень длинное описание работ '.repeat(400), 1, 'ч', 100000), line(2, 'Короткая', 1, 'ч', 100)],
  });
  const pdf = await renderDocumentPdf(long, plain);
  t.ok(pagesOf(pdf) <= 2, 'one row does not spill over pages');
  const text = textOf(pdf);
  t.match(text, /\n\s*2\s+Короткая\s+1\s+ч\s+1,00\s+1,00/);
  t.match(text, '…');

  // A contract paragraph longer than a page flows on, and what follows it comes after it.
  const template = `# Заголовок\n${'Длинный абзац текста договора. '.repeat(600)}\n## Конец\nПоследняя строка.`;
  const contractText = textOf(await renderDocumentPdf(contract(), { ...plain, template }));
  const pages = contractText.split('\f');
  const last = pages.findIndex((p) => p.includes('Последняя строка.'));
  t.ok(last >= 2, 'the paragraph took pages of its own');
  t.notMatch(pages.slice(0, last).join(''), 'Конец', 'nothing was drawn over the long paragraph');
  t.match(pages[last]!, /Конец\s+Последняя строка./);
});
