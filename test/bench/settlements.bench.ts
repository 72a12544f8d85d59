/**
 * Money: a 10 MB bank statement (some 10,000 payment orders, Windows-1251) imported into a desk of 500 clients
 * with their invoices — how long, and how long the event loop is held at most meanwhile (the desk keeps
 * answering while it imports); the same file again (all duplicates); then the balances of every client, a
 * reconciliation statement of a busy client, the profit ranking and a month of salaries over 20,000 worklogs.
 * Real SQLite file, services as in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openInstallation } from '../../server/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import type { Actor } from '../../server/context.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import {
  allBalances,
  importBankStatement,
  profit,
  reconciliation,
  salaries,
} from '../../server/modules/settlements/settlements.service.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const CLIENTS = 500;
const TARGET_BYTES = 10 * 1024 * 1024 - 64 * 1024;

/** A valid 10-digit INN from 9 digits (the Federal Tax Service's check digit). */
function inn10(base9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  return base9 + String(([...base9].reduce((s, d, i) => s + Number(d) * w[i]!, 0) % 11) % 10);
}

/** Windows-1251 bytes of Russian text (the letters a statement uses, ASCII as is). */
function cp1251(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] =
      c < 0x80
        ? c
        : c >= 0x410 && c <= 0x44f
          ? c - 0x410 + 0xc0
          : c === 0x401
            ? 0xa8
            : c === 0x451
              ? 0xb8
              : c === 0x2116
                ? 0xb9
                : 0x3f;
  }
  return out;
}

const OUR_ACCOUNT = '40702810603800001234';
const OUR_INN = '7704123450';

function statement(clientInns: string[]) {
  const head = [
    '1CClientBankExchange',
    'ВерсияФормата=1.03',
    'Кодировка=Windows',
    'Отправитель=СберБизнес',
    'ДатаНачала=01.11.2026',
    'ДатаКонца=30.11.2026',
    `РасчСчет=${OUR_ACCOUNT}`,
  ];
  const parts: string[] = [head.join('\r\n')];
  let bytes = parts[0]!.length;
  let n = 0;
  while (bytes < TARGET_BYTES) {
    n++;
    const client = n % 20 === 19 ? '6625123455' : clientInns[n % clientInns.length]!; // 1 in 20 unknown
    const outgoing = n % 20 === 7; // 1 in 20 ours, paid out
    const invoice = (n % CLIENTS) + 1;
    const day = String((n % 28) + 1).padStart(2, '0');
    const purpose =
      n % 5 === 0
        ? `Оплата по договору № ТП-${n % 97} за сопровождение. НДС не облагается`
        : `Оплата по счёту № ${invoice} от 01.11.2026 за услуги технической поддержки за октябрь 2026 г. В т.ч. НДС 22% - 6600.00 руб.`;
    const [payerInn, payerAccount, toInn, toAccount] = outgoing
      ? [OUR_INN, OUR_ACCOUNT, '7712345671', '40702810403800009999']
      : [client, `40702810${String(n).padStart(12, '0')}`, OUR_INN, OUR_ACCOUNT];
    const doc = [
      'СекцияДокумент=Платежное поручение',
      `Номер=${n}`,
      `Дата=${day}.11.2026`,
      `Сумма=${(n % 90_000) + 1000}.${String(n % 100).padStart(2, '0')}`,
      `ПлательщикСчет=${payerAccount}`,
      `Плательщик=ИНН ${payerInn} ООО "Клиент ${n % 997}"`,
      `ПлательщикИНН=${payerInn}`,
      `Плательщик1=ООО "Клиент ${n % 997}"`,
      'ПлательщикБанк1=ПАО Сбербанк',
      'ПлательщикБИК=044525225',
      'ПлательщикКорсчет=30101810400000000225',
      `ПолучательСчет=${toAccount}`,
      `ПолучательИНН=${toInn}`,
      'Получатель1=ООО "Ондеск Сервис"',
      'ПолучательБанк1=ПАО Сбербанк',
      'ПолучательБИК=044525225',
      'ВидОплаты=01',
      'Очередность=5',
      `ДатаПоступило=${day}.11.2026`,
      `НазначениеПлатежа=${purpose}`,
      'КонецДокумента',
    ].join('\r\n');
    parts.push(doc);
    bytes += doc.length + 2;
  }
  parts.push('КонецФайла\r\n');
  return { bytes: cp1251(parts.join('\r\n')), documents: n };
}

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

export async function benchSettlements(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-settlements-bench-'));
  const clock = fixedClock('2026-12-05T09:00:00Z');
  const inst = await openInstallation({ dataDir, clock, overrides: { logLevel: 'warn' } });
  try {
    const db = inst.database.db;
    const row = await createAgent(inst.ctx(), { email: 'buh@bench.ondesk', name: 'Бухгалтер', role: 'accountant' });
    const actor: Actor = { kind: 'agent', id: row.id, role: 'accountant', name: row.name, language: 'ru' };
    const ctx = inst.ctx(actor);
    const now = clock.now().toISOString();
    // Seed in bulk (the figures are about reading and importing, not about issuing): 20 engineers, our entity, 500 clients,
    // an invoice and an act per client, 20,000 worklogs in November with start and end.
    const setupStart = process.hrtime.bigint();
    const engineers: number[] = [];
    await db.transaction().execute(async (trx) => {
      // Past the free mode's seats on purpose: the figures are about 20 engineers' month, not licensing.
      for (let i = 0; i < 20; i++) {
        const agent = await sql<{ id: number }>`insert into agents (email, name, role, created_at, updated_at)
                  values (${`e${i}@bench.ondesk`}, ${`Инженер ${i}`}, 'engineer', ${now}, ${now}) returning id`.execute(
          trx,
        );
        engineers.push(agent.rows[0]!.id);
      }
      await sql`insert into legal_entities (name, short_name, inn, kpp, address, bank_name, bik, corr_account,
                  settlement_account, director_name, director_position, created_at, updated_at)
                values ('ООО «Ондеск Сервис»', 'Ондеск', ${OUR_INN}, '770401001', 'Москва', 'ПАО Сбербанк', '044525225',
                  '30101810400000000225', ${OUR_ACCOUNT}, 'Соколов Андрей Петрович', 'Директор', ${now}, ${now})`.execute(
        trx,
      );
      for (let i = 0; i < CLIENTS; i++)
        await sql`insert into organizations (name, tax_id, tags, created_at, updated_at)
                  values (${`ООО Клиент ${i}`}, ${inn10(String(500_000_000 + i * 7919).padStart(9, '0'))}, '[]', ${now}, ${now})`.execute(
          trx,
        );
      const ticket = await sql<{
        id: number;
      }>`insert into tickets (number, subject, description, type, priority, status,
                  organization_id, channel, tags, created_at, updated_at)
                values (1, 'Bench', '—', 'request', 'P3', 'open', 1, 'agent', '[]', ${now}, ${now}) returning id`.execute(
        trx,
      );
      for (let i = 1; i <= CLIENTS; i++) {
        for (const kind of ['invoice', 'act'] as const)
          await sql`insert into documents (kind, entity_id, organization_id, number, year, number_text, date,
                      net_kopecks, vat_kopecks, total_kopecks, language, snapshot, created_by, created_at)
                    values (${kind}, 1, ${i}, ${i}, 2026, ${String(i)}, '2026-11-01', 3000000, 660000, 3660000, 'ru', '{}',
                      'bench', ${now})`.execute(trx);
      }
      for (let i = 0; i < 20_000; i++) {
        const day = String((i % 30) + 1).padStart(2, '0');
        const hour = (i * 7) % 24;
        const start = `2026-11-${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
        const end = new Date(Date.parse(start) + 90 * 60_000).toISOString();
        await sql`insert into worklogs (ticket_id, agent_id, organization_id, started_at, ended_at, work_date, minutes,
                    billed_minutes, billable, amount_kopecks, cost_kopecks, act_id, created_at, updated_at)
                  values (${ticket.rows[0]!.id}, ${engineers[i % 20]}, ${(i % CLIENTS) + 1}, ${start}, ${end},
                    ${`2026-11-${day}`}, 90, 90, ${i % 3 === 0 ? 0 : 1}, 375000, 90000, ${(i % CLIENTS) * 2 + 2}, ${now}, ${now})`.execute(
          trx,
        );
      }
    });
    const setupMs = ms(setupStart);

    const clientInns = (await db.selectFrom('organizations').select('tax_id').orderBy('id').execute()).map(
      (o) => o.tax_id!,
    );
    const file = statement(clientInns);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const importStart = process.hrtime.bigint();
    const first = await importBankStatement(ctx, { fileName: 'bench.txt', bytes: file.bytes });
    const importMs = ms(importStart);
    delay.disable();
    const maxDelayMs = delay.max / 1e6;
    const againStart = process.hrtime.bigint();
    const again = await importBankStatement(ctx, { fileName: 'bench.txt', bytes: file.bytes });
    const againMs = ms(againStart);

    const timed = async <T>(work: () => Promise<T>) => {
      const start = process.hrtime.bigint();
      const value = await work();
      return { value, ms: ms(start) };
    };
    const balances = await timed(() => allBalances(ctx, '2026-11-30'));
    const statementOf = await timed(() => reconciliation(ctx, 1, { from: '2026-01-01', to: '2026-12-31' }));
    const ranking = await timed(() => profit(ctx, { from: '2026-11-01', to: '2026-11-30' }));
    const pay = await timed(() => salaries(ctx, { month: '2026-11' }));

    const mb = (file.bytes.length / 1024 / 1024).toFixed(1);
    return [
      {
        name: `setup: ${CLIENTS} clients, 1,000 documents, 20,000 worklogs (reference)`,
        value: Math.round(setupMs),
        unit: 'ms',
      },
      {
        name: `import a ${mb} MB statement: ${file.documents} orders → ${first.imported} imported (${first.matchedToInvoices} to invoices, ${first.unmatched} unmatched), ${first.skipped} skipped`,
        value: Math.round(importMs),
        unit: 'ms',
        budget: '≤ 30,000 ms',
        pass: importMs <= 30_000 && first.imported + first.skipped + first.duplicates === file.documents,
      },
      {
        name: 'the longest the event loop waited during the import',
        value: Math.round(maxDelayMs),
        unit: 'ms',
        budget: '≤ 250 ms',
        pass: maxDelayMs <= 250,
      },
      {
        name: `the same file again: ${again.duplicates} duplicates, ${again.imported} imported`,
        value: Math.round(againMs),
        unit: 'ms',
        pass: again.imported === 0,
      },
      {
        name: `balances of every client (${balances.value.items.length} not zero)`,
        value: Math.round(balances.ms),
        unit: 'ms',
        budget: '≤ 1,000 ms',
        pass: balances.ms <= 1_000,
      },
      {
        name: `reconciliation statement of one client (${statementOf.value.rows.length} rows)`,
        value: Math.round(statementOf.ms),
        unit: 'ms',
        budget: '≤ 1,000 ms',
        pass: statementOf.ms <= 1_000,
      },
      {
        name: `profit ranking of a month (${ranking.value.items.length} clients)`,
        value: Math.round(ranking.ms),
        unit: 'ms',
        budget: '≤ 2,000 ms',
        pass: ranking.ms <= 2_000,
      },
      {
        name: `salaries of a month (${pay.value.items.length} engineers, 20,000 worklogs split by night and day off)`,
        value: Math.round(pay.ms),
        unit: 'ms',
        budget: '≤ 5,000 ms',
        pass: pay.ms <= 5_000,
      },
    ];
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Money', await benchSettlements());
}
