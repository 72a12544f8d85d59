/**
 * Issued documents as the documents module freezes them, built by hand for the renderer's tests and bench: no
 * database, just the snapshot shape of document-model.ts with realistic Russian requisites.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type {
  DocumentLine,
  IssuedDocument,
  ReconciliationStatement,
  SellerRequisites,
} from '../../server/modules/documents/document-model.js';

export const seller: SellerRequisites = {
  name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
  inn: '7701234567',
  kpp: '770101001',
  ogrn: '1227700123456',
  address: '101000, г. Москва, ул. Мясницкая, д. 10, офис 5',
  bankName: 'ПАО СБЕРБАНК г. Москва',
  bik: '044525225',
  corrAccount: '30101810400000000225',
  settlementAccount: '40702810938000012345',
  phone: '+7 495 123-45-67',
  email: 'billing@ondesk.example',
  director: { position: 'Генеральный директор', fullName: 'Иванов Иван Иванович', shortName: 'Иванов И. И.' },
  accountant: { position: 'Главный бухгалтер', fullName: 'Петрова Анна Сергеевна', shortName: 'Петрова А. С.' },
  stampSha256: 'a'.repeat(64),
  directorSignatureSha256: 'b'.repeat(64),
  accountantSignatureSha256: 'c'.repeat(64),
};

export const buyer = {
  name: 'ООО «Ромашка»',
  inn: '7812345678',
  kpp: '781201001',
  ogrn: null,
  address: '190000, г. Санкт-Петербург, Невский пр., д. 1',
  bankName: 'АО «Т-Банк»',
  bik: '044525974',
  corrAccount: '30101810145250000974',
  settlementAccount: '40702810510000000001',
  phone: null,
  email: 'buh@romashka.example',
};

/** A line with VAT on top at `rate` (null: no VAT), quantities in thousandths as stored. */
export function line(
  position: number,
  description: string,
  quantity: number,
  unit: string,
  priceKopecks: number,
  rate: number | null = 22,
): DocumentLine {
  const net = Math.round(quantity * priceKopecks);
  const vat = rate === null ? 0 : Math.round((net * rate) / 100);
  return {
    position,
    description,
    quantity,
    unit,
    unitPriceKopecks: priceKopecks,
    discountKopecks: 0,
    netKopecks: net,
    vatRate: rate,
    vatKopecks: vat,
    totalKopecks: net + vat,
  };
}

/** The document's totals are its lines' sums, as the documents module computes them at issue. */
function withTotals(doc: IssuedDocument): IssuedDocument {
  const sum = (k: 'netKopecks' | 'vatKopecks' | 'totalKopecks') => doc.lines.reduce((a, l) => a + l[k], 0);
  return { ...doc, netKopecks: sum('netKopecks'), vatKopecks: sum('vatKopecks'), totalKopecks: sum('totalKopecks') };
}

const baseLines = [
  line(1, 'Техническая поддержка: заявка №1042 «Не работает почта»', 1.5, 'ч', 250000),
  line(2, 'Администрирование серверов (пакет часов, ноябрь 2026)', 1, 'мес', 3000000),
  line(3, 'Продление домена romashka.ru', 1, 'усл', 90000),
];

export function invoice(overrides: Partial<IssuedDocument> = {}): IssuedDocument {
  return withTotals({
    id: 1,
    kind: 'invoice',
    correction: null,
    corrects: null,
    number: '15',
    date: '2026-12-04',
    language: 'ru',
    seller,
    buyer,
    agreement: { number: '2026-014', title: 'Поддержка 8x5', startsOn: '2026-01-01', endsOn: '2026-12-31' },
    periodFrom: '2026-11-01',
    periodTo: '2026-11-30',
    lines: baseLines,
    netKopecks: 0,
    vatKopecks: 0,
    totalKopecks: 0,
    vatMode: 'standard',
    pricesIncludeVat: false,
    totalInWords: 'Сорок две тысячи двести семьдесят три рубля 00 копеек',
    paymentPurpose: 'Оплата по счёту № 15 от 04.12.2026 за услуги технической поддержки. В т.ч. НДС 22 % 7 623,00 руб.',
    ...overrides,
  });
}

export function act(overrides: Partial<IssuedDocument> = {}, lineCount = 3): IssuedDocument {
  const lines =
    lineCount === 3
      ? baseLines
      : Array.from({ length: lineCount }, (_, i) =>
          line(
            i + 1,
            `Заявка №${1000 + i} «${i % 3 ? 'Настройка рабочего места сотрудника' : 'Восстановление доступа к CRM после обновления'}»`,
            ((i % 4) + 1) * 0.25,
            'ч',
            250000,
          ),
        );
  return withTotals({
    ...invoice(),
    id: 2,
    kind: 'act',
    number: '2026-15',
    lines,
    paymentPurpose: null,
    totalInWords: 'Сорок две тысячи двести семьдесят три рубля 00 копеек',
    ...overrides,
  });
}

export function contract(overrides: Partial<IssuedDocument> = {}): IssuedDocument {
  return withTotals({
    ...invoice(),
    id: 3,
    kind: 'contract',
    number: '7',
    lines: [],
    totalInWords: '',
    paymentPurpose: null,
    periodFrom: null,
    periodTo: null,
    contractTerms: {
      tier: 'Бизнес 8x5',
      services: ['Поддержка 1С', 'Администрирование серверов', 'Обслуживание сайта'],
      slaTargets: [
        { priority: 'P1', reactionMinutes: 30, resolutionMinutes: 240 },
        { priority: 'P2', reactionMinutes: 60, resolutionMinutes: 480 },
        { priority: 'P3', reactionMinutes: 240, resolutionMinutes: 1440 },
        { priority: 'P4', reactionMinutes: 480, resolutionMinutes: null },
      ],
      packageHours: 20,
      calendarName: 'Москва 10–19',
    },
    ...overrides,
  });
}

export function reconciliation(overrides: Partial<ReconciliationStatement> = {}): ReconciliationStatement {
  return {
    language: 'ru',
    seller,
    buyer,
    from: '2026-10-01',
    to: '2026-12-31',
    openingBalanceKopecks: 1500000,
    rows: [
      { date: '2026-10-31', document: 'Акт № 2026-11 от 31.10.2026', debitKopecks: 4149200, creditKopecks: 0 },
      { date: '2026-11-05', document: 'Оплата, п/п № 318 от 05.11.2026', debitKopecks: 0, creditKopecks: 5649200 },
      { date: '2026-11-30', document: 'Акт № 2026-15 от 30.11.2026', debitKopecks: 4149200, creditKopecks: 0 },
    ],
    debitTurnoverKopecks: 8298400,
    creditTurnoverKopecks: 5649200,
    closingBalanceKopecks: 4149200,
    ...overrides,
  };
}

/** A PNG of a filled circle (a stand-in stamp) or a stroke (a signature), with transparency like real scans. */
export function png(kind: 'stamp' | 'signature'): Buffer {
  const width = kind === 'stamp' ? 160 : 200;
  const height = kind === 'stamp' ? 160 : 60;
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = Math.hypot(x - width / 2, y - height / 2);
      const on = kind === 'stamp' ? r < 78 && r > 70 : Math.abs(y - height / 2 - 18 * Math.sin(x / 15)) < 2;
      image.data[i] = kind === 'stamp' ? 30 : 10;
      image.data[i + 1] = kind === 'stamp' ? 60 : 10;
      image.data[i + 2] = kind === 'stamp' ? 200 : 120;
      image.data[i + 3] = on ? 230 : 0;
    }
  }
  return PNG.sync.write(image);
}

/** The image store a route would pass: the seller's three images under their hashes. */
export function imageStore(): { image(sha: string): Promise<Buffer | null> } {
  const images = new Map([
    [seller.stampSha256!, png('stamp')],
    [seller.directorSignatureSha256!, png('signature')],
    [seller.accountantSignatureSha256!, png('signature')],
  ]);
  return { image: async (sha) => images.get(sha) ?? null };
}

/** Runs a poppler tool over a PDF written to a temporary file; answers its stdout. */
export function poppler(tool: string, args: string[], pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page of a PDF as a PNG at `dpi`, decoded to RGBA pixels. */
export function pageImage(pdf: Buffer, dpi: number): { data: Uint8ClampedArray; width: number; height: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
    const image = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    return { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
