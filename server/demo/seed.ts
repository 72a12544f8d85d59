import type { Installation } from '../installation.js';
import type { Actor } from '../context.js';
import type { TicketPriority, TicketStatus, TicketType } from '../db/schema.js';
import { createAgent } from '../modules/agents/index.js';
import { createTeam } from '../modules/teams/index.js';
import { createCalendar } from '../modules/calendars/index.js';
import { calendarPresets } from '../modules/calendars/index.js';
import { createAgreement } from '../modules/agreements/index.js';
import { addAddress, createContact, createOrganization } from '../modules/organizations/index.js';
import { addComment, createTicket, updateTicket } from '../modules/tickets/index.js';
import { ticketTransitions } from '../modules/tickets/index.js';
import { hasAnyAgent, isActiveAgent } from './demo.repository.js';

export const DEMO_LOGIN = { email: 'admin@demo.ondesk', password: 'demo-password' };

const organizations = [
  {
    name: 'Северсталь-Инфо',
    legalName: 'ООО «Северсталь-Инфо»',
    taxId: '3528000597',
    tags: ['metals', '24x7'],
    address: { label: 'Офис', address: 'Череповец, ул. Мира, 30', latitude: 59.1229, longitude: 37.9035 },
    contacts: [
      ['Ирина Волкова', 'i.volkova@severinfo.example', 'Head of IT'],
      ['Пётр Смирнов', 'p.smirnov@severinfo.example', 'System administrator'],
    ],
  },
  {
    name: 'Аптеки «Здоровье»',
    legalName: 'АО «Здоровье»',
    taxId: '7701234567',
    tags: ['retail'],
    address: { label: 'Головной офис', address: 'Москва, Тверская ул., 12', latitude: 55.7616, longitude: 37.6094 },
    contacts: [
      ['Мария Кузнецова', 'm.kuznetsova@zdorovie.example', 'Office manager'],
      ['Алексей Орлов', 'a.orlov@zdorovie.example', 'CIO'],
    ],
  },
  {
    name: 'Nordic Freight AB',
    legalName: 'Nordic Freight AB',
    taxId: '5560360793',
    tags: ['logistics', 'en'],
    address: { label: 'HQ', address: 'Göteborg, Lindholmspiren 5', latitude: 57.7065, longitude: 11.9386 },
    contacts: [
      ['Erik Lindqvist', 'erik@nordicfreight.example', 'IT manager'],
      ['Anna Berg', 'anna@nordicfreight.example', 'Dispatcher'],
    ],
  },
  {
    name: 'Студия «Пиксель»',
    legalName: 'ИП Соколов А. В.',
    taxId: '500100732259',
    tags: ['web'],
    address: { label: 'Студия', address: 'Санкт-Петербург, Невский пр., 88', latitude: 59.9327, longitude: 30.3478 },
    contacts: [['Андрей Соколов', 'andrey@pixel.example', 'Owner']],
  },
  {
    name: 'Гостиница «Волга»',
    legalName: 'ООО «Волга-Отель»',
    taxId: '5260001234',
    tags: ['hospitality', '8x5'],
    address: {
      label: 'Гостиница',
      address: 'Нижний Новгород, Верхне-Волжская наб., 2',
      latitude: 56.3287,
      longitude: 44.0131,
    },
    contacts: [
      ['Ольга Морозова', 'o.morozova@volga-hotel.example', 'Reception lead'],
      ['Денис Павлов', 'd.pavlov@volga-hotel.example', 'Engineer'],
    ],
  },
];

const subjects: Array<[string, string, TicketType]> = [
  [
    'Не печатает принтер в бухгалтерии',
    'HP LaserJet в кабинете 204 пишет «Замятие бумаги», хотя бумаги внутри нет.',
    'incident',
  ],
  [
    'Нужен доступ к 1С для нового сотрудника',
    'Прошу выдать доступ к базе «Бухгалтерия» для Смирновой Е. с понедельника.',
    'request',
  ],
  [
    'VPN disconnects every 10 minutes',
    'Since the router firmware update the VPN tunnel drops every ten minutes.',
    'incident',
  ],
  ['Как настроить подпись в почте?', 'Подскажите, где в Outlook задать подпись с логотипом компании.', 'question'],
  ['Заменить диски в сервере хранения', 'Плановая замена двух дисков RAID-массива в стойке 3.', 'change'],
  ['Сайт отдаёт ошибку 502', 'Главная страница периодически отвечает 502 Bad Gateway.', 'incident'],
  [
    'New laptop for the sales team',
    'Please prepare three laptops with the standard image for new sales staff.',
    'request',
  ],
  ['Медленно работает Wi-Fi на третьем этаже', 'Скорость падает до 1 Мбит/с после обеда.', 'incident'],
  ['Обновить сертификат SSL', 'Сертификат домена истекает через две недели, нужно продлить.', 'change'],
  ['Where can I find the invoice for October?', 'Our accounting asks for the October invoice and act.', 'question'],
  ['Не приходят письма с сайта', 'Формы обратной связи перестали доставлять заявки на почту.', 'incident'],
  ['Установить антивирус на кассы', 'Нужно поставить антивирус на 12 кассовых компьютеров.', 'request'],
];

/** How far back the demo's tickets go. */
const HISTORY_DAYS = 21;
/** How many of the newest tickets came in today, 40 minutes apart. */
const RECENT = 8;

/** What agents write on a ticket: replies to the client (public) and notes for colleagues (internal). */
const conversations: [string, boolean][][] = [
  [
    ['Взяли в работу, проверяем.', true],
    ['Похоже на проблему с драйвером, уточняю у вендора.', false],
    ['Обновили драйвер, проверьте, пожалуйста, у себя.', true],
  ],
  [
    ['Добрый день! Подскажите, с какого компьютера проявляется ошибка?', true],
    ['Клиент на связи по телефону, ждём номер инвентаря.', false],
  ],
  [
    ['We are looking into it and will reply within the hour.', true],
    ['Checked the logs: the mail relay rejects the sender, fixing SPF.', false],
    ['SPF record updated; messages should arrive within 30 minutes.', true],
  ],
  [['Выезд инженера согласован на завтра, 10:00.', true]],
];

const statusPlan: TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'waiting_for_client',
  'on_approval',
  'resolved',
  'closed',
];
const priorities: TicketPriority[] = ['P1', 'P2', 'P3', 'P3', 'P4'];

/** A path of allowed moves from "new" to `target`, so demo tickets get a believable history. */
function pathTo(target: TicketStatus): TicketStatus[] {
  const queue: TicketStatus[][] = [['new']];
  while (queue.length) {
    const path = queue.shift()!;
    const last = path[path.length - 1]!;
    if (last === target) return path.slice(1);
    for (const next of ticketTransitions[last]) if (!path.includes(next)) queue.push([...path, next]);
  }
  return [];
}

/**
 * The demo login, when this desk is a demo desk (its demo admin exists and is active); null otherwise. Asked at
 * every start, not only after seeding: whoever runs `npm start` again has to be told again how to get in.
 */
export async function demoLoginOf(inst: Installation): Promise<typeof DEMO_LOGIN | null> {
  return (await isActiveAgent(inst.database.db, DEMO_LOGIN.email)) ? DEMO_LOGIN : null;
}

/** Fills an empty installation with a demo desk; does nothing when any agent exists. */
export async function seedDemoIfEmpty(
  inst: Installation,
  opts: { tickets?: number } = {},
): Promise<typeof DEMO_LOGIN | null> {
  if (await hasAnyAgent(inst.database.db)) return null;
  const system = inst.ctx();
  const admin = await createAgent(system, {
    email: DEMO_LOGIN.email,
    name: 'Демо Администратор',
    role: 'admin',
    password: DEMO_LOGIN.password,
    language: 'ru',
  });
  // Three agents of the free licence's four seats: an evaluator can still add a colleague of their own.
  const engineers = [];
  for (const [email, name, role] of [
    ['engineer@demo.ondesk', 'Сергей Иванов', 'engineer'],
    ['support@demo.ondesk', 'Kate Miller', 'engineer'],
  ] as const) {
    engineers.push(
      await createAgent(system, {
        email,
        name,
        role,
        password: DEMO_LOGIN.password,
        language: email.startsWith('support') ? 'en' : 'ru',
      }),
    );
  }
  const workers = [admin, ...engineers.filter((e) => e.role === 'engineer')];
  const orgs = [];
  for (const o of organizations) {
    const org = await createOrganization(system, {
      name: o.name,
      legalName: o.legalName,
      taxId: o.taxId,
      tags: o.tags,
    });
    await addAddress(system, org.id, o.address);
    const contacts = [];
    for (const [name, email, position] of o.contacts)
      contacts.push(await createContact(system, org.id, { name, email, position }));
    orgs.push({ org, contacts });
  }
  // Three clients under agreements of each tier, so the demo queue shows real SLA countdowns; the others
  // have none (their tickets say "no SLA", and their e-mail lands in the no-active-agreement queue).
  const presetDocument = (key: string) => calendarPresets.find((p) => p.key === key)!.document;
  const office = await createCalendar(system, {
    name: '8x5 Москва с производственным календарём',
    ...presetDocument('8x5-moscow-production'),
  });
  const allDay = await createCalendar(system, { name: '24x7', ...presetDocument('24x7') });
  const day = (offset: number) => new Date(inst.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const tiers = [
    ['8x5', office.id],
    ['24x7', allDay.id],
    ['premium', allDay.id],
  ] as const;
  for (const [i, [tier, calendarId]] of tiers.entries()) {
    const client = orgs[i];
    if (!client) break;
    await createAgreement(system, {
      organizationId: client.org.id,
      number: `2026-0${14 + i}`,
      title: `Техническая поддержка ${tier}`,
      calendarId,
      start: day(-60),
      end: day(300),
      tier,
      serviceIds: [],
      managerId: admin.id,
    });
  }
  // Two teams, so the queue's team filter and the "team" notification recipient have something to show.
  const firstLine = await createTeam(system, {
    name: 'Первая линия',
    description: 'Приём и разбор заявок',
    memberIds: workers.map((w) => w.id),
  });
  const field = await createTeam(system, {
    name: 'Выездные инженеры',
    description: 'Работы на площадке клиента',
    memberIds: [engineers[0]!.id],
  });
  const count = opts.tickets ?? 200;
  // A living desk: tickets spread over the last three weeks, newest first in the queue. Old ones still open
  // have missed their deadlines (breached), today's are close to them (warning), as on a real desk.
  const now = inst.clock.now().getTime();
  const step = Math.floor((HISTORY_DAYS * 86_400_000) / Math.max(count, 1));
  for (let i = 0; i < count; i++) {
    const { org, contacts } = orgs[i % orgs.length]!;
    const [subject, description, type] = subjects[i % subjects.length]!;
    const worker = workers[i % workers.length]!;
    const actor: Actor = {
      kind: 'agent',
      id: worker.id,
      role: worker.role,
      name: worker.name,
      language: worker.language,
    };
    // The newest few came in within the last hours: their deadlines are still ahead, some of them close.
    const fromEnd = count - i;
    const createdAt = now - (fromEnd <= RECENT ? fromEnd * 40 * 60_000 : fromEnd * step);
    // The services read the time from ctx.clock, so each step of a ticket's history happens at its own moment.
    const at = (minutes: number) => ({
      ...inst.ctx(actor),
      clock: { now: () => new Date(Math.min(now, createdAt + minutes * 60_000)) },
    });
    const ctx = at(0);
    const ticket = await createTicket(ctx, {
      subject,
      description,
      type,
      priority: priorities[i % priorities.length]!,
      organizationId: org.id,
      contactId: contacts[i % contacts.length]!.id,
      assigneeId: i % 4 === 3 ? null : worker.id,
      teamId: i % 3 === 0 ? firstLine.id : i % 3 === 1 ? field.id : null,
      channel: (['email', 'phone', 'portal', 'agent'] as const)[i % 4],
      tags: i % 5 === 0 ? ['vip'] : [],
    });
    const target = statusPlan[i % statusPlan.length]!;
    if (target !== 'new') {
      const talk = conversations[i % conversations.length]!;
      for (const [k, [body, isPublic]] of talk.entries())
        await addComment(at(20 + k * 45), ticket.id, { body, public: isPublic });
      for (const [k, status] of pathTo(target).entries()) await updateTicket(at(30 + k * 90), ticket.id, { status });
    }
  }
  return DEMO_LOGIN;
}
