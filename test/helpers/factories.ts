import type { ApiClient } from './app.js';

let n = 0;

export async function makeOrganization(api: ApiClient, fields: Record<string, unknown> = {}) {
  const res = await api.post('/api/v1/organizations', { name: `Org ${++n}`, ...fields });
  if (res.statusCode !== 201) throw new Error(`organization: ${res.body}`);
  return res.json() as { id: number; name: string };
}

export async function makeContact(api: ApiClient, organizationId: number, fields: Record<string, unknown> = {}) {
  const res = await api.post(`/api/v1/organizations/${organizationId}/contacts`, { name: `Contact ${++n}`, email: `c${n}@client.example`, ...fields });
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
