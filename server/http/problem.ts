import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  problem: {
    status: number;
    code: string;
    detail: string;
    title?: string;
    errors?: Problem['errors'];
    [extra: string]: unknown;
  },
) {
  const body: Problem = {
    ...problem,
    type: `https://ondesk.dev/problems/${problem.code}`,
    title: problem.title ?? titles[problem.status] ?? 'Error',
  };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}

/** Names a validation failure the way a person would say it: `priority: must be one of P1, P2, P3, P4`. */
function describeValidation(error: FastifyError): Array<{ path: string; message: string }> {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    let path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'additionalProperties') {
      path = [path, String(params.additionalProperty)].filter(Boolean).join('.');
      message = 'is not a known field';
    } else if (v.keyword === 'required') {
      path = [path, String(params.missingProperty)].filter(Boolean).join('.');
      message = 'is required';
    } else if (v.keyword === 'enum') {
      message = `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    } else if (v.keyword === 'anyOf' || v.keyword === 'const') {
      message = 'has a value that is not allowed';
    }
    return { path: path ? `${context}.${path}` : context, message };
  });
}

export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendProblem(reply, {
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.details ?? {}),
    });
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = describeValidation(fe);
    const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    return sendProblem(reply, { status: 400, code: 'validation_failed', detail: `Invalid request: ${detail}`, errors });
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const known: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here; send application/json',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty',
      FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
    };
    let detail = known[fe.code] ?? fe.message;
    if (/__proto__|constructor|prototype/i.test(fe.message))
      detail = 'The JSON body holds a forbidden key (__proto__ or constructor)';
    else if (fe instanceof SyntaxError || /JSON/.test(fe.message)) detail = known.FST_ERR_CTP_INVALID_JSON_BODY!;
    return sendProblem(reply, { status, code: (fe.code ?? 'bad_request').toLowerCase(), detail });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, {
    status: 500,
    code: 'internal_error',
    detail: `Something went wrong on the server. Quote request id ${request.id} to your administrator.`,
  });
}
