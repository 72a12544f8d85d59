// A small typed client generated at test time from the OpenAPI document alone: each operationId becomes a
// function that builds its method, path and query from the document's own description of the operation. No
// code is taken from the routes, so a route the document describes wrongly fails when called through it.

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  tags?: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface CallArgs {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface ClientOperation {
  operationId: string;
  method: string;
  template: string;
  operation: OpenApiOperation;
  /** The address a call with `args` goes to: path parameters filled, query built from the documented names. */
  url(args?: CallArgs): string;
}

export type Send<R> = (method: string, url: string, body?: unknown) => Promise<R>;

export type GeneratedClient<R> = Record<string, ((args?: CallArgs) => Promise<R>) & { spec: ClientOperation }>;

/** Builds one function per operationId; a parameter the document does not name is refused, a missing one too. */
export function generateClient<R>(doc: OpenApiDocument, send: Send<R>): GeneratedClient<R> {
  const client: GeneratedClient<R> = {};
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const params = operation.parameters ?? [];
      const spec: ClientOperation = {
        operationId: operation.operationId,
        method: method.toUpperCase(),
        template,
        operation,
        url(args = {}) {
          const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
            const value = args.path?.[name];
            if (value === undefined) throw new Error(`${operation.operationId}: path parameter ${name} is missing`);
            return encodeURIComponent(String(value));
          });
          const search = new URLSearchParams();
          for (const [name, value] of Object.entries(args.query ?? {})) {
            if (value === undefined) continue;
            if (!params.some((p) => p.in === 'query' && p.name === name))
              throw new Error(`${operation.operationId}: the document names no query parameter ${name}`);
            search.set(name, String(value));
          }
          for (const p of params)
            if (p.in === 'query' && p.required && args.query?.[p.name] === undefined)
              throw new Error(`${operation.operationId}: required query parameter ${p.name} is missing`);
          const query = search.toString();
          return query ? `${path}?${query}` : path;
        },
      };
      if (client[operation.operationId]) throw new Error(`operationId ${operation.operationId} is not unique`);
      const call = (args?: CallArgs) => send(spec.method, spec.url(args), args?.body);
      client[operation.operationId] = Object.assign(call, { spec });
    }
  }
  return client;
}
