import type { Installation } from '../../server/installation.js';

const devices = [
  'принтер HP LaserJet M404',
  'МФУ Kyocera',
  'сервер Dell R740',
  'ноутбук Lenovo T14',
  'маршрутизатор MikroTik',
  'коммутатор Cisco',
  'ИБП APC',
  'касса Атол',
  'IP-телефон Yealink',
  'монитор Samsung',
  'сканер штрихкодов',
  'NAS Synology',
  'точка доступа Wi-Fi',
  'VPN-шлюз',
  'почтовый сервер',
];
const systems = [
  '1С:Бухгалтерия',
  '1С:ЗУП',
  'Outlook',
  'Exchange',
  'Active Directory',
  'Битрикс24',
  'сайт',
  'CRM',
  'DNS',
  'backup',
  'антивирус Kaspersky',
  'RDP',
  'SharePoint',
  'Jira',
  'телефония Asterisk',
];
const problems = [
  'не работает',
  'медленно работает',
  'не печатает',
  'выдаёт ошибку',
  'не включается',
  'перезагружается',
  'не видит сеть',
  'требует пароль',
  'просит активацию',
  'is down',
  'shows error',
  'needs update',
  'не синхронизируется',
  'зависает',
  'теряет соединение',
];
const people = [
  'Смирнова Е.',
  'Кузнецов А.',
  'Попова М.',
  'Васильев Д.',
  'Петрова О.',
  'Соколов И.',
  'Михайлова Т.',
  'Новиков П.',
  'Федорова Н.',
  'Morozov K.',
  'Anna Berg',
  'Erik Lind',
];
const errors = [
  '0x80070005',
  '0x0000007B',
  'E-503',
  'HTTP 502',
  'код 1C-17',
  'ERR_CONNECTION_RESET',
  'SMTP 550',
  'timeout 30s',
  'E0-20',
  'C-4100',
];
const statuses = ['new', 'open', 'in_progress', 'waiting_for_client', 'on_approval', 'resolved', 'closed'] as const;
const priorities = ['P1', 'P2', 'P3', 'P4'] as const;
const types = ['incident', 'request', 'question', 'change'] as const;

/** Replies and notes the seeded comments are made of: Russian and English, as a desk's history is. */
const commentBodies = [
  'Добрый день! Приняли в работу, инженер свяжется с вами в течение часа.',
  'Перезагрузили службу печати, проверьте, пожалуйста.',
  'Пользователь подтвердил, что проблема повторяется после обновления.',
  'Заменили картридж, тестовая страница печатается.',
  'Нужен удалённый доступ: пришлите ID AnyDesk.',
  'Проверили журнал событий, ошибка 0x80070005 — нет прав на папку.',
  'Обновили конфигурацию 1С:Бухгалтерия до последнего релиза.',
  'Внутренняя заметка: клиент просит выставить счёт отдельно.',
  'Сертификат продлён до конца года, перезапустили веб-сервер.',
  'Бэкап восстановлен на тестовый сервер, данные на месте.',
  'The VPN gateway was restarted; please reconnect.',
  'We rolled back the update, Outlook starts again.',
  'Waiting for the vendor: case opened with Dell support.',
  'Internal note: the switch port flaps, replace the patch cord on site.',
  'Please confirm that the issue is resolved so we can close the ticket.',
  'Выезд инженера согласован на завтра, 10:00.',
  'Касса Атол снова печатает чеки после обновления драйвера.',
  'Почтовый ящик переполнен, увеличили квоту до 10 ГБ.',
  'Клиент не отвечает третий день, ставим статус «ожидает клиента».',
  'Настроили резервное копирование на NAS Synology по расписанию.',
] as const;

const DAY = 86_400_000;

/** How many comments each seeded ticket gets (a five-year desk: a million tickets, five million comments). */
export const COMMENTS_PER_TICKET = 5;

/**
 * One ticket of the first day of the seeded history carries a word no other ticket has, in an inflected form:
 * the bench searches for its dictionary form and expects that ticket among the answers (recall of old tickets).
 */
export const OLD_TICKET = {
  /** Its place in the seeded history: the 7th ticket, on the first day of five years of history. */
  index: 7,
  text: 'Замена термоголовки принтера этикеток Zebra ZT410',
  /** The word as an agent types it months later. */
  query: 'термоголовка',
} as const;

/**
 * The search keys of the whole desk in creation order, as a desk that grew over the years has them (each row got
 * the next key as it came). The loader wrote each chunk's tickets before their comments, so the triggers keyed a
 * ticket made today below comments written months ago. Done before anything is indexed (a fresh desk), so no
 * index row stands under an old key.
 */
function orderSearchKeysByCreation(db: Installation['database']['sqlite']) {
  db.transaction(() => {
    db.exec('delete from search_keys');
    db.exec(`insert into search_keys (key, doc)
      select row_number() over (order by created_at, doc) * 4 + doc % 4, doc from (
        select id * 4 as doc, created_at from tickets union all select id * 4 + 1, created_at from comments
        union all select id * 4 + 2, created_at from organizations union all select id * 4 + 3, created_at from contacts
      )`);
  })();
}

/**
 * Bulk-loads `count` tickets straight into the tables (prepared statements, 100,000 tickets a transaction) and
 * `COMMENTS_PER_TICKET` comments for each (INSERT … SELECT, 100,000 tickets' worth per transaction): the bench
 * measures the desk with a large history, not the loader. The search triggers queue every row for the index.
 * Returns the seeded tickets' number range and the old ticket's number.
 */
export function seedTickets(
  inst: Installation,
  opts: { count: number; organizations: number[]; agents: number[]; progress?: (line: string) => void },
): { firstNumber: number; lastNumber: number; oldTicketNumber: number; comments: number; lastId: number } {
  const db = inst.database.sqlite;
  const insert = db.prepare(
    `insert into tickets (number, subject, description, type, priority, status, organization_id, assignee_id, channel, tags,
       created_at, updated_at, resolved_at, closed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'email', '[]', ?, ?, ?, ?)`,
  );
  // Five years of a desk's history up to yesterday, as a desk that has run that long holds it: what is older than
  // a month was resolved or closed a day after it came; the last month's tickets are in every status.
  const end = Date.now() - DAY;
  const step = Math.max(1, Math.floor((5 * 365 * DAY) / Math.max(1, opts.count)));
  const start = end - step * opts.count;
  const max = (db.prepare('select coalesce(max(number), 0) as n from tickets').get() as { n: number }).n;
  const firstId = (db.prepare(`select coalesce(max(id), 0) + 1 as n from tickets`).get() as { n: number }).n;
  // mulberry32: a small PRNG with good low bits, seeded so every run loads the same desk
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  const CHUNK = 100_000;
  for (let from = 1; from <= opts.count; from += CHUNK) {
    const to = Math.min(opts.count, from + CHUNK - 1);
    db.transaction(() => {
      for (let i = from; i <= to; i++) {
        const created = start + i * step;
        const at = new Date(created).toISOString();
        const status = end - created > 30 * DAY ? (rnd(10) < 3 ? 'resolved' : 'closed') : statuses[rnd(7)]!;
        const done = status === 'resolved' || status === 'closed' ? new Date(created + DAY).toISOString() : null;
        const thing = rnd(2) ? devices[rnd(devices.length)]! : systems[rnd(systems.length)]!;
        const subject = i === OLD_TICKET.index ? OLD_TICKET.text : `${thing} ${problems[rnd(problems.length)]}`;
        const description =
          `${people[rnd(people.length)]} сообщает: ${thing} ${problems[rnd(problems.length)]}, ошибка ${errors[rnd(errors.length)]}. ` +
          `Кабинет ${rnd(500) + 100}, внутренний ${rnd(9000) + 1000}. ${rnd(3) ? `Также ${systems[rnd(systems.length)]} ${problems[rnd(problems.length)]}.` : ''}`;
        const assignee = rnd(5) === 0 ? null : opts.agents[rnd(opts.agents.length)]!;
        insert.run(
          max + i,
          subject,
          description,
          types[rnd(4)],
          priorities[rnd(4)],
          status,
          opts.organizations[rnd(opts.organizations.length)]!,
          assignee,
          at,
          done ?? at,
          done,
          status === 'closed' ? done : null,
        );
      }
    })();
    opts.progress?.(`seeded ${to.toLocaleString('en')} of ${opts.count.toLocaleString('en')} tickets`);
  }
  // Comments are generated by SQLite itself: each ticket's k-th comment picks its body, author and visibility
  // from the ticket id and k, an hour and a bit after the ticket and each other.
  const comments = db.prepare(
    `insert into comments (ticket_id, author_agent_id, author_contact_id, body, public, created_at)
     select t.id,
            case when k.n % 2 = 0 then ? end,
            null,
            json_extract(?, '$[' || ((t.id * 7 + k.n * 13) % ${commentBodies.length}) || ']'),
            k.n < 3,
            strftime('%Y-%m-%dT%H:%M:%fZ', t.created_at, '+' || ((k.n + 1) * 67) || ' minutes')
     from tickets t cross join (${Array.from({ length: COMMENTS_PER_TICKET }, (_, n) => `select ${n} as n`).join(' union all ')}) k
     where t.id between ? and ?
     order by t.id, k.n`,
  );
  const bodies = JSON.stringify(commentBodies);
  const lastId = firstId + opts.count - 1;
  let written = 0;
  for (let from = firstId; from <= lastId; from += CHUNK) {
    const to = Math.min(lastId, from + CHUNK - 1);
    written += db.transaction(() => comments.run(opts.agents[0]!, bodies, from, to).changes)();
    opts.progress?.(`seeded ${written.toLocaleString('en')} comments`);
  }
  orderSearchKeysByCreation(db);
  db.exec('ANALYZE'); // a desk that grew to this size has had its statistics refreshed by then
  return {
    firstNumber: max + 1,
    lastNumber: max + opts.count,
    oldTicketNumber: max + OLD_TICKET.index,
    comments: written,
    lastId,
  };
}
