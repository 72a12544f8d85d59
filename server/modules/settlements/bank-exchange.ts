import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The 1C client-bank exchange file (`1CClientBankExchange`, format 1.02/1.03): what every Russian bank's
 * client exports as a statement. Plain `Key=Value` lines; each payment is a section from
 * `СекцияДокумент=<kind>` to `КонецДокумента`; the whole file ends with `КонецФайла`. Banks write it in
 * Windows-1251 (`Кодировка=Windows`), a few in UTF-8, very old ones in DOS (CP866).
 *
 * Pure: no database, no Fastify. A 10 MB statement holds tens of thousands of payments, so parsing yields
 * to the event loop every `YIELD_EVERY` documents instead of holding it for the whole file.
 */
export interface BankDocument {
  /** The 1-based line of `СекцияДокумент`: errors and the import summary point at it. */
  line: number;
  kind: string;
  number: string;
  /** YYYY-MM-DD */
  date: string;
  /** When the money arrived (`ДатаПоступило`), else the document's date. YYYY-MM-DD */
  receivedOn: string;
  amountKopecks: number;
  payerName: string;
  payerInn: string | null;
  payerAccount: string | null;
  recipientName: string;
  recipientInn: string | null;
  recipientAccount: string | null;
  purpose: string;
}

export interface BankStatement {
  formatVersion: string | null;
  encoding: string | null;
  /** `РасчСчет` lines of the header: the accounts the statement is about. */
  accounts: string[];
  documents: BankDocument[];
}

/** A statement that cannot be read; `line` is 1-based. */
export class BankFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'BankFileError';
  }
}

const YIELD_EVERY = 500;

/**
 * Text of the file: UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else Windows-1251, or CP866 when
 * the header says `Кодировка=DOS`. Windows-1251 decodes any byte, so a binary file shows up as garbage
 * the parser then refuses with the line it stopped at.
 */
export function decodeBankFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // The header line is Cyrillic too, so it is read in the encoding it names.
    const head = bytes.subarray(0, 4096);
    if (/^Кодировка=DOS\s*$/m.test(new TextDecoder('ibm866').decode(head)))
      return new TextDecoder('ibm866').decode(bytes);
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/** dd.mm.yyyy → YYYY-MM-DD, refusing impossible dates (31.02.2026). */
export function bankDate(value: string, line: number, field: string): string {
  const m = DATE.exec(value.trim());
  if (!m) throw new BankFileError(line, `${field} "${value}" is not a date; the format is dd.mm.yyyy`);
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    throw new BankFileError(line, `${field} "${value}" is not a real date`);
  return iso;
}

const AMOUNT = /^(\d{1,13})(?:[.,](\d{1,2}))?$/;

/** Rubles with a dot (some banks write a comma) and at most two decimals → kopecks, without floating point. */
export function bankAmount(value: string, line: number): number {
  const m = AMOUNT.exec(value.trim());
  if (!m) throw new BankFileError(line, `Сумма "${value}" is not an amount in rubles such as 15000.50`);
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

const INN = /^\d{10}(\d{2})?$/;
const cleanInn = (value: string | undefined) => {
  const v = value?.trim() ?? '';
  return INN.test(v) ? v : null;
};
const cleanAccount = (value: string | undefined) => {
  const v = value?.trim().replace(/\s+/g, '') ?? '';
  return /^\d{20}$/.test(v) ? v : null;
};

/** `Плательщик=ИНН 7701234567 ООО "Ромашка"`: the INN prefix some banks put before the name is not the name. */
const partyName = (one: string | undefined, full: string | undefined) =>
  (one?.trim() || full?.trim().replace(/^ИНН\s*\d{10,12}\s*/i, '') || '').trim();

/** A document's fields with the line each was read on: an error names the line of the bad value. */
type Fields = Map<string, { value: string; line: number }>;

function documentOf(fields: Fields, line: number, kind: string): BankDocument {
  const value = (key: string) => fields.get(key)?.value;
  const required = (key: string) => {
    const field = fields.get(key);
    if (field === undefined || field.value.trim() === '')
      throw new BankFileError(line, `the document (${kind}) has no ${key}`);
    return field;
  };
  const dateField = required('Дата');
  const date = bankDate(dateField.value, dateField.line, 'Дата');
  const received = fields.get('ДатаПоступило');
  const amount = required('Сумма');
  return {
    line,
    kind,
    number: required('Номер').value.trim(),
    date,
    receivedOn: received?.value.trim() ? bankDate(received.value, received.line, 'ДатаПоступило') : date,
    amountKopecks: bankAmount(amount.value, amount.line),
    payerName: partyName(value('Плательщик1'), value('Плательщик')),
    payerInn: cleanInn(value('ПлательщикИНН')),
    payerAccount: cleanAccount(value('ПлательщикСчет') ?? value('ПлательщикРасчСчет')),
    recipientName: partyName(value('Получатель1'), value('Получатель')),
    recipientInn: cleanInn(value('ПолучательИНН')),
    recipientAccount: cleanAccount(value('ПолучательСчет') ?? value('ПолучательРасчСчет')),
    purpose: (value('НазначениеПлатежа') ?? '').trim(),
  };
}

/**
 * The lines of a text one at a time (CRLF, LF or a lone CR end a line), with their 1-based numbers: a 10 MB
 * statement is never split into an array of a few hundred thousand strings at once.
 */
function lineReader(text: string) {
  let pos = 0;
  let line = 0;
  return {
    get line() {
      return line;
    },
    next(): string | undefined {
      if (pos > text.length) return undefined;
      let end = pos;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      const value = text.slice(pos, end);
      pos = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
      line++;
      return value;
    },
  };
}

/** Parses the text of a statement; throws BankFileError naming the line of the first thing it cannot read. */
export async function parseBankExchange(text: string): Promise<BankStatement> {
  const lines = lineReader(text);
  let head = lines.next();
  while (head !== undefined && head.trim() === '') head = lines.next();
  if (head?.replace(/^\uFEFF/, '').trim() !== '1CClientBankExchange')
    throw new BankFileError(
      head === undefined ? 1 : lines.line,
      'this is not a 1C client-bank exchange file: it must start with "1CClientBankExchange" (export the statement from the bank as "1С")',
    );
  const statement: BankStatement = { formatVersion: null, encoding: null, accounts: [], documents: [] };
  let section: { type: string; line: number; fields: Fields } | null = null;
  let inAccount = false;
  let ended = false;
  for (let next = lines.next(); next !== undefined; next = lines.next()) {
    const raw = next.trim();
    const n = lines.line;
    if (raw === '') continue;
    if (ended) throw new BankFileError(n, 'text after КонецФайла');
    const eq = raw.indexOf('=');
    const key = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const value = eq < 0 ? '' : raw.slice(eq + 1);
    if (section) {
      if (key === 'КонецДокумента') {
        statement.documents.push(documentOf(section.fields, section.line, section.type));
        section = null;
        if (statement.documents.length % YIELD_EVERY === 0) await nextTurn();
        continue;
      }
      if (key === 'СекцияДокумент' || key === 'КонецФайла')
        throw new BankFileError(section.line, `the document that starts here has no КонецДокумента`);
      if (eq < 0) throw new BankFileError(n, `"${raw.slice(0, 60)}" is not a Key=Value line`);
      section.fields.set(key, { value, line: n });
      continue;
    }
    if (inAccount) {
      if (key === 'КонецРасчСчет') inAccount = false;
      continue;
    }
    switch (key) {
      case 'СекцияДокумент':
        section = { type: value.trim() || 'Платежное поручение', line: n, fields: new Map() };
        break;
      case 'СекцияРасчСчет':
        inAccount = true;
        break;
      case 'КонецФайла':
        ended = true;
        break;
      case 'ВерсияФормата':
        statement.formatVersion = value.trim();
        break;
      case 'Кодировка':
        statement.encoding = value.trim();
        break;
      case 'РасчСчет': {
        const account = cleanAccount(value);
        if (account) statement.accounts.push(account);
        break;
      }
      default:
        if (eq < 0) throw new BankFileError(n, `"${raw.slice(0, 60)}" is not a Key=Value line`);
    }
  }
  if (section) throw new BankFileError(section.line, 'the document that starts here has no КонецДокумента');
  if (inAccount) throw new BankFileError(lines.line, 'СекцияРасчСчет has no КонецРасчСчет');
  return statement;
}

/**
 * Invoice numbers a payment's purpose names: «по счёту № 15 от 01.12.2026», «сч. 15», «счет №2026-15»,
 * «по сч№ 15/2026», «счёт-оферте № 15». Each as `{ number, year? }`; the first is the most likely.
 */
export interface InvoiceReference {
  number: number;
  year: number | null;
}

// «счёт», «счета», «счету», «счёт-оферта», «счёт на оплату», «сч.», «сч№», "invoice", "inv." — a whole word
// (not «расчёт» or «счётчик»), and never «счёт-фактура»: that is the VAT invoice, numbered like the act.
const INVOICE_REF =
  /(?<![а-яёa-z])(?:сч[её]т(?:а|у|е|ом)?(?:\s+на\s+оплату|[\s-]*оферт[а-яё]*)?|сч\.?|invoice|inv\.)(?![а-яёa-z-])\s*(?:№|N|No\.?|#)?\s*(\d{1,6})(?:\s*[-/]\s*(\d{1,6}))?/giu;

export function invoiceReferences(purpose: string): InvoiceReference[] {
  const found: InvoiceReference[] = [];
  for (const m of purpose.matchAll(INVOICE_REF)) {
    const a = Number(m[1]);
    const b = m[2] === undefined ? null : Number(m[2]);
    // «2026-15» is year-number; «15/2026» is number/year; «15-1» is neither and reads as 15.
    const ref =
      b === null
        ? { number: a, year: null }
        : a >= 2000 && a <= 2100
          ? { number: b, year: a }
          : b >= 2000 && b <= 2100
            ? { number: a, year: b }
            : { number: a, year: null };
    if (ref.number > 0 && !found.some((f) => f.number === ref.number && f.year === ref.year)) found.push(ref);
  }
  return found;
}
