import { exampleFor, operationIdFor, summaryFor } from './openapi-examples.js';

type Schema = Record<string, unknown>;

const hasExamples = (schema: Schema) =>
  (Array.isArray(schema.examples) && schema.examples.length > 0) || 'example' in schema;

/**
 * @fastify/swagger's per-route transform: every API route gets an operationId (what a generated client calls
 * it), a summary when it has none, and an example of its body and of each successful answer unless it has
 * its own. Only the document changes: validation and serialisation use the route's schema as written.
 * `sharedSchemas` resolves `$ref`s (Problem) when an example is made.
 */
export function openApiTransform(sharedSchemas: () => Record<string, unknown>) {
  return ({
    schema,
    url,
    route,
  }: {
    schema: object | undefined;
    url: string;
    route: { method: string | string[] };
  }): { schema: Schema; url: string } => {
    const given = schema as Schema | undefined;
    if (!given || given.hide || !url.startsWith('/api/v1/')) return { schema: given ?? {}, url };
    const method = (Array.isArray(route.method) ? route.method[0]! : route.method).toUpperCase();
    const refs = sharedSchemas();
    const out: Schema = { ...given };
    out.operationId ??= operationIdFor(method, url);
    out.summary ??= summaryFor(method, url);
    const body = out.body as Schema | undefined;
    if (body && typeof body === 'object' && body.content && typeof body.content === 'object') {
      // A body written per media type: each JSON one gets its example.
      const content: Record<string, Schema> = {};
      for (const [type, media] of Object.entries(body.content as Record<string, Schema>)) {
        const mediaSchema = media.schema as Schema | undefined;
        content[type] =
          mediaSchema && !hasExamples(mediaSchema)
            ? { ...media, schema: { ...mediaSchema, examples: [exampleFor(mediaSchema, refs)] } }
            : media;
      }
      out.body = { ...body, content };
    } else if (body && typeof body === 'object' && !hasExamples(body))
      out.body = { ...body, examples: [exampleFor(body, refs)] };
    const responses = { ...((out.response as Record<string, Schema> | undefined) ?? {}) };
    // A file download streams its answer without a schema: the document still says a 200 carries the file.
    if (!Object.keys(responses).some((status) => /^2/.test(status)))
      responses['200'] = { type: 'string', format: 'binary', description: 'The file' };
    // Every API route may answer these problems (authentication, scope, rate limit, unknown id, bad input).
    for (const status of ['400', '401', '403', '404', '429']) responses[status] ??= { $ref: 'Problem' };
    const withExamples: Record<string, Schema> = {};
    for (const [status, response] of Object.entries(responses)) {
      const success = /^2/.test(status) && status !== '204';
      withExamples[status] =
        success && typeof response === 'object' && !('$ref' in response) && !hasExamples(response)
          ? { ...response, examples: [exampleFor(response, refs)] }
          : response;
    }
    out.response = withExamples;
    return { schema: out, url };
  };
}
