import type { ApiClient } from './app.js';

let n = 0;

export async function makeOrganization(api: ApiClient, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/organizations', { name: `Org ${++n}`, ...fields });
  if (res.statusCode !== 201) throw new Error(`organization: ${res.body}`);
  return res.json() as { id: number; name: string };
}

export async function makeContact(api: ApiClient, organizationId: number, fields: Record<string, unknown> = {}) {
  const res = await api.post(`/api/v1/organizations/${organizationId}/contacts`, {
    name: `Contact ${++n}`,
    email: `c${n}@client.example`,
    ...fields,
  });
  if (res.statusCode !== 201) throw new Error(`contact: ${res.body}`);
  return res.json() as { id: number; name: string };
}

export async function makeTicket(api: ApiClient, organizationId: number, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/tickets', {
    subject: `Ticket ${++n}`,
    description: 'Something is broken',
    organizationId,
    type: 'incident',
    priority: 'P3',
    ...fields,
  });
  if (res.statusCode !== 201) throw new Error(`ticket: ${res.body}`);
  return res.json() as { id: number; number: number; status: string; [k: string]: unknown };
}

const weekdays = (hours: [string, string][]) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: [],
  sun: [],
});

export async function makeCalendar(api: ApiClient, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/calendars', {
    name: `Calendar ${++n}`,
    timezone: 'Europe/Moscow',
    week: weekdays([['09:00', '18:00']]),
    ...fields,
  });
  if (res.statusCode !== 201) throw new Error(`calendar: ${res.body}`);
  return res.json() as { id: number; name: string; timezone: string };
}

export async function makeService(api: ApiClient, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/services', { name: `Service ${++n}`, ...fields });
  if (res.statusCode !== 201) throw new Error(`service: ${res.body}`);
  return res.json() as { id: number; name: string; active: boolean };
}

/** An 8x5 agreement for a whole year ahead unless told otherwise; organizationId and calendarId are required. */
export async function makeAgreement(
  api: ApiClient,
  fields: { organizationId: number; calendarId: number } & Record<string, unknown>,
) {
  const res = await api.post('/api/v1/agreements', {
    number: `AG-${++n}`,
    title: `Support ${n}`,
    start: '2030-01-01',
    end: '2030-12-31',
    tier: '8x5',
    serviceIds: [],
    ...fields,
  });
  if (res.statusCode !== 201) throw new Error(`agreement: ${res.body}`);
  return res.json() as { id: number; number: string; status: string; [k: string]: unknown };
}
