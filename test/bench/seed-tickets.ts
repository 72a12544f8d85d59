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

/**
 * Bulk-loads `count` tickets straight into the tables (one transaction, prepared statements): the bench
 * measures the desk with a large history, not the loader. The search triggers index every row as usual.
 */
export function seedTickets(inst: Installation, opts: { count: number; organizations: number[]; agents: number[] }) {
  const db = inst.database.sqlite;
  const insert = db.prepare(
    `insert into tickets (number, subject, description, type, priority, status, organization_id, assignee_id, channel, tags, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'email', '[]', ?, ?)`,
  );
  const start = Date.parse('2025-01-01T00:00:00Z');
  const max = (db.prepare('select coalesce(max(number), 0) as n from tickets').get() as { n: number }).n;
  // mulberry32: a small PRNG with good low bits, seeded so every run loads the same desk
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  db.transaction(() => {
    for (let i = 1; i <= opts.count; i++) {
      const at = new Date(start + i * 300_000).toISOString();
      const thing = rnd(2) ? devices[rnd(devices.length)]! : systems[rnd(systems.length)]!;
      const subject = `${thing} ${problems[rnd(problems.length)]}`;
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
        statuses[rnd(7)],
        opts.organizations[rnd(opts.organizations.length)]!,
        assignee,
        at,
        at,
      );
    }
  })();
  db.exec('ANALYZE'); // a desk that grew to this size has had its statistics refreshed by then
}
