/** The 1C client-bank exchange file: decoding, parsing, refusing garbage with the line, reading invoice numbers. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productRoot } from '../../server/shared/paths.js';
import {
  bankAmount,
  BankFileError,
  decodeBankFile,
  invoiceReferences,
  parseBankExchange,
} from '../../server/modules/settlements/bank-exchange.js';

const fixture = readFileSync(join(productRoot, 'test/fixtures/bank/sber-2026-12-01-04.1c.txt'));

t.test('the Windows-1251 statement of a bank decodes and parses into its seven payment orders', async (t) => {
  t.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(fixture), 'the fixture is not UTF-8');
  const text = decodeBankFile(fixture);
  t.match(text, /^1CClientBankExchange\r\n/);
  const s = await parseBankExchange(text);
  t.equal(s.formatVersion, '1.03');
  t.equal(s.encoding, 'Windows');
  t.same(s.accounts, ['40702810603800001234']);
  t.equal(s.documents.length, 7);
  const first = s.documents[0]!;
  t.same(
    {
      number: first.number,
      date: first.date,
      receivedOn: first.receivedOn,
      amountKopecks: first.amountKopecks,
      payerName: first.payerName,
      payerInn: first.payerInn,
      payerAccount: first.payerAccount,
      recipientInn: first.recipientInn,
      recipientAccount: first.recipientAccount,
      kind: first.kind,
    },
    {
      number: '482',
      date: '2026-12-02',
      receivedOn: '2026-12-02',
      amountKopecks: 3_660_000,
      payerName: 'ООО "Ромашка"',
      payerInn: '5047123455',
      payerAccount: '40702810701000007777',
      recipientInn: '7704123450',
      recipientAccount: '40702810603800001234',
      kind: 'Платежное поручение',
    },
  );
  t.match(first.purpose, /^Оплата по счёту № 15 от 01\.12\.2026/);
  t.equal(s.documents[3]!.amountKopecks, 2_440_000, '"24400" without decimals is whole rubles');
  const late = s.documents[6]!;
  t.same([late.date, late.receivedOn, late.amountKopecks], ['2026-12-03', '2026-12-04', 100_050], 'ДатаПоступило wins');
  t.equal(
    s.documents.reduce((sum, d) => sum + d.amountKopecks, 0),
    13_270_050 + 799_000,
    'the amounts add up to the statement header (incoming 132 700.50 + outgoing 7 990.00)',
  );
});

t.test('UTF-8 files (with or without a BOM) and CP866 ones decode too', async (t) => {
  t.equal(
    (await parseBankExchange('1CClientBankExchange\rВерсияФормата=1.02\rКонецФайла\r')).formatVersion,
    '1.02',
    'old Mac line ends (a lone CR) read too',
  );
  const utf8 = Buffer.from('\uFEFF1CClientBankExchange\nКодировка=Windows\nКонецФайла\n', 'utf8');
  t.equal((await parseBankExchange(decodeBankFile(utf8))).encoding, 'Windows');
  // «Кодировка=DOS» in CP866: К=0x8A о=0xAE д=0xA4 и=0xA8 р=0xE0 о=0xAE в=0xA2 к=0xAA а=0xA0
  const dos = Buffer.concat([
    Buffer.from('1CClientBankExchange\r\n'),
    Buffer.from([0x8a, 0xae, 0xa4, 0xa8, 0xe0, 0xae, 0xa2, 0xaa, 0xa0]),
    Buffer.from('=DOS\r\n'),
    Buffer.from([0x8a, 0xae, 0xad, 0xa5, 0xe6, 0x94, 0xa0, 0xa9, 0xab, 0xa0]), // КонецФайла
    Buffer.from('\r\n'),
  ]);
  t.equal((await parseBankExchange(decodeBankFile(dos))).encoding, 'DOS');
});

const wrap = (...lines: string[]) => ['1CClientBankExchange', 'ВерсияФормата=1.03', ...lines, 'КонецФайла'].join('\n');

t.test('garbage is refused with the line it stopped at', async (t) => {
  const refusal = async (text: string) => {
    try {
      await parseBankExchange(text);
    } catch (err) {
      if (err instanceof BankFileError) return { line: err.line, message: err.message };
      throw err;
    }
    throw new Error('accepted');
  };
  t.match(await refusal('%PDF-1.7\nbinary'), {
    line: 1,
    message: /Line 1: this is not a 1C client-bank exchange file/,
  });
  t.match(await refusal(''), { line: 1 });
  t.match(
    await refusal(
      wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'Дата=02.12.2026', 'Сумма=12,5O', 'КонецДокумента'),
    ),
    { line: 6, message: /Line 6: Сумма "12,5O" is not an amount/ },
  );
  t.match(
    await refusal(
      wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'Дата=31.02.2026', 'Сумма=1.00', 'КонецДокумента'),
    ),
    { line: 5, message: /Line 5: Дата "31.02.2026" is not a real date/ },
  );
  t.match(
    await refusal(
      wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'Дата=2026-12-01', 'Сумма=1.00', 'КонецДокумента'),
    ),
    { line: 5, message: /dd\.mm\.yyyy/ },
  );
  t.match(await refusal(wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'Сумма=1.00', 'КонецДокумента')), {
    line: 3,
    message: /Line 3: the document \(Платежное поручение\) has no Дата/,
  });
  t.match(await refusal(wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'this line is junk', 'КонецДокумента')), {
    line: 5,
    message: /Line 5: "this line is junk" is not a Key=Value line/,
  });
  t.match(await refusal(wrap('СекцияДокумент=Платежное поручение', 'Номер=1', 'Дата=01.12.2026', 'Сумма=1.00')), {
    line: 3,
    message: /has no КонецДокумента/,
  });
  t.match(await refusal(`${wrap()}\nСекцияДокумент=Платежное поручение`), {
    line: 4,
    message: /Line 4: text after КонецФайла/,
  });
});

t.test('amounts are read without floating point', async (t) => {
  t.equal(bankAmount('0.1', 1), 10);
  t.equal(bankAmount('0.29', 1), 29, '0.29 × 100 is 28.999… in floating point; not here');
  t.equal(bankAmount('1234567890.99', 1), 123_456_789_099);
  t.equal(bankAmount('15000,50', 1), 1_500_050);
  t.throws(() => bankAmount('-5.00', 7), /Line 7/);
  t.throws(() => bankAmount('1.234', 7), /Line 7/);
});

t.test('invoice numbers in the purposes people write', async (t) => {
  const refs = (s: string) => invoiceReferences(s);
  t.same(refs('Оплата по счёту № 15 от 01.12.2026 за услуги'), [{ number: 15, year: null }]);
  t.same(refs('Оплата по счету №15 от 01.12.2026'), [{ number: 15, year: null }]);
  t.same(refs('Оплата сч. 16 от 02.12.2026'), [{ number: 16, year: null }]);
  t.same(refs('оплата сч№16'), [{ number: 16, year: null }]);
  t.same(refs('Оплата по счету №2026-17 от 03.12.2026'), [{ number: 17, year: 2026 }]);
  t.same(refs('по счёту 17/2026'), [{ number: 17, year: 2026 }]);
  t.same(refs('Оплата по счёт-оферте № 21 от 01.12.2026'), [{ number: 21, year: null }]);
  t.same(refs('Оплата счета на оплату № 8'), [{ number: 8, year: null }]);
  t.same(refs('Оплата по сч. 3 и сч. 4'), [
    { number: 3, year: null },
    { number: 4, year: null },
  ]);
  t.same(refs('Payment for invoice No. 42'), [{ number: 42, year: null }]);
  t.same(refs('Оплата по договору № ТП-7 от 01.02.2026 за сопровождение'), [], 'a contract number is not an invoice');
  t.same(refs('Оплата по счету-фактуре № 15'), [], 'счёт-фактура is the VAT invoice, not ours');
  t.same(refs('Возврат по расчёту № 5'), [], '«расчёт» is not «счёт»');
  t.same(refs('Показания счётчика № 5'), [], '«счётчик» is not «счёт»');
  t.same(refs('Пени за просрочку оплаты по договору № 12/2025'), []);
});
