import t from 'tap';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { testDesk } from '../helpers/app.js';
import { apiClient } from '../helpers/app.js';
import { makeService } from '../helpers/factories.js';
import { generateClient, type OpenApiDocument, type OpenApiOperation } from '../helpers/openapi-client.js';
import { seedDemoIfEmpty } from '../../server/demo/seed.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { exampleFor } from '../../server/http/openapi-examples.js';

function validator(doc: OpenApiDocument) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: 'example' });
  return (schema: unknown, value: unknown): string | null => {
    const validate = ajv.compile({ ...(schema as object), components: doc.components });
    if (validate(value)) return null;
    // @fastify/swagger deletes every key named `definitions` while it converts a schema to OpenAPI (it takes
    // it for JSON Schema's keyword), from the properties and from the examples alike, but leaves it in
    // `required`: the reports' `definitions` field (the legend of a report) is documented without its property.
    const errors = (validate.errors ?? []).filter(
      (e) =>
        !(e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'definitions'),
    );
    return errors.length === 0 ? null : ajv.errorsText(errors);
  };
}

const mediaExample = (media: { example?: unknown; examples?: Record<string, { value: unknown }> }) =>
  'example' in media ? media.example : media.examples ? Object.values(media.examples)[0]?.value : undefined;

t.test(
  'every route of the document has a summary, tags, an operationId and examples that fit its schemas',
  async (t) => {
    const desk = await testDesk(t);
    await desk.app.ready();
    const doc = desk.app.swagger() as unknown as OpenApiDocument;
    const check = validator(doc);
    const problems: string[] = [];
    const ids = new Set<string>();
    let operations = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops) as [string, OpenApiOperation][]) {
        operations++;
        const name = `${method.toUpperCase()} ${path}`;
        if (!op.summary) problems.push(`${name}: no summary`);
        if (!op.tags?.length) problems.push(`${name}: no tags`);
        if (!op.operationId) problems.push(`${name}: no operationId`);
        else if (ids.has(op.operationId)) problems.push(`${name}: operationId ${op.operationId} twice`);
        ids.add(op.operationId);
        if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
          for (const [type, media] of Object.entries(op.requestBody.content)) {
            if (type !== 'application/json') continue;
            const example = mediaExample(media as never);
            if (example === undefined) problems.push(`${name}: no request body example`);
            else {
              const error = check(media.schema, example);
              if (error) problems.push(`${name}: the body example does not fit: ${error}`);
            }
          }
        }
        const successes = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
        if (successes.length === 0) problems.push(`${name}: no successful answer documented`);
        for (const [status, response] of successes) {
          for (const [type, media] of Object.entries(response.content ?? {})) {
            const example = mediaExample(media as never);
            if (example === undefined) {
              problems.push(`${name}: no example of its ${status} answer`);
              continue;
            }
            if (type !== 'application/json' || (media.schema as { format?: string })?.format === 'binary') continue;
            const error = check(media.schema, example);
            if (error) problems.push(`${name}: the ${status} example does not fit: ${error}`);
          }
        }
      }
    }
    t.ok(operations > 250, `${operations} operations in the document`);
    t.same(problems, [], 'nothing is missing');
  },
);

/** The table a path segment names: `/tickets/{id}` takes a seeded ticket's id. */
const TABLE_OF_SEGMENT: Record<string, string> = {
  tickets: 'tickets',
  organizations: 'organizations',
  contacts: 'contacts',
  agents: 'agents',
  calendars: 'calendars',
  services: 'services',
  agreements: 'agreements',
  teams: 'teams',
  worklogs: 'worklogs',
  'inbound-messages': 'inbound_messages',
  outbox: 'outbox',
  'report-subscriptions': 'report_subscriptions',
  'report-deliveries': 'report_deliveries',
  'rate-cards': 'rate_cards',
  'recurring-services': 'recurring_services',
  'client-costs': 'client_costs',
  'legal-entities': 'legal_entities',
  documents: 'documents',
  payments: 'payments',
  attachments: 'attachments',
  macros: 'macros',
  webhooks: 'webhook_endpoints',
  'duty-schedules': 'duty_schedules',
};

t.test(
  'a client generated from the document calls every GET route of a seeded desk; answers fit their schemas',
  async (t) => {
    const desk = await testDesk(t);
    await seedDemoIfEmpty(desk.inst, { tickets: 24 });
    const db = desk.inst.database.db;
    const adminRow = await db
      .selectFrom('agents')
      .select('id')
      .where('role', '=', 'admin')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { token } = await createApiToken(desk.inst.ctx(), { agentId: adminRow.id, name: 'client test' });
    const api = apiClient(desk.app, token, adminRow.id);
    // What the demo does not seed, made through the API so each GET of one finds it.
    await makeService(api);
    const macro = await api.post('/api/v1/macros', { name: 'Thanks', body: 'Thank you, {{contact.name}}!' });
    t.equal(macro.statusCode, 201);
    await desk.app.ready();
    const doc = desk.app.swagger() as unknown as OpenApiDocument;
    const check = validator(doc);
    const client = generateClient(doc, (method, url) => api.request(method, url));

    const firstId = async (table: string): Promise<number | undefined> => {
      try {
        const row = await db
          .selectFrom(table as 'tickets')
          .select('id')
          .orderBy('id')
          .limit(1)
          .executeTakeFirst();
        return row?.id;
      } catch {
        return undefined; // a table this desk does not have (yet)
      }
    };

    const results: string[] = [];
    const refused: string[] = [];
    let called = 0;
    let succeeded = 0;
    for (const fn of Object.values(client)) {
      const { spec } = fn;
      if (spec.method !== 'GET' || spec.template.startsWith('/api/v1/portal/')) continue;
      const segments = spec.template.split('/');
      const path: Record<string, string | number> = {};
      for (const p of spec.operation.parameters ?? []) {
        if (p.in !== 'path') continue;
        const before = segments[segments.indexOf(`{${p.name}}`) - 1] ?? '';
        const table = TABLE_OF_SEGMENT[before];
        const seeded = table && p.name === 'id' ? await firstId(table) : undefined;
        path[p.name] = seeded ?? (exampleFor(p.schema, doc.components?.schemas, p.name) as string | number);
      }
      const query: Record<string, string | number | boolean> = {};
      for (const p of spec.operation.parameters ?? [])
        if (p.in === 'query' && p.required) query[p.name] = exampleFor(p.schema, {}, p.name) as string;
      const res = await fn({ path, query });
      called++;
      const documented = spec.operation.responses[String(res.statusCode)];
      const name = `GET ${spec.url({ path, query })}`;
      if (!documented) {
        results.push(`${name}: ${res.statusCode} is not a documented answer (${res.body.slice(0, 200)})`);
        continue;
      }
      if (res.statusCode >= 500) {
        results.push(`${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      if (res.statusCode < 300) succeeded++;
      else refused.push(`${name} → ${res.statusCode} ${res.json<{ detail?: string }>().detail ?? ''}`);
      const type = String(res.headers['content-type'] ?? '');
      const media = documented.content?.['application/json'];
      if (!/json/.test(type) || !media?.schema || (media.schema as { format?: string }).format === 'binary') continue;
      const error = check(media.schema, res.json());
      if (error) results.push(`${name}: the ${res.statusCode} answer does not fit its schema: ${error}`);
    }
    t.comment(`answered with a documented 4xx:\n${refused.join('\n')}`);
    t.ok(called > 120, `${called} GET routes called through the generated client`);
    t.ok(succeeded > called * 0.8, `${succeeded} of them answered 2xx; the rest a documented 4xx`);
    t.same(results, [], 'every answer is documented and fits its schema');
  },
);
