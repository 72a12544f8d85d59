import { has, t } from './i18n.js';

// The portal's one API client: JSON to /api/v1/portal, the contact's cookie, the CSRF token on every change,
// problem+json turned into a sentence the contact can act on.
let csrfToken = /** @type {string | null} */ (null);

/** @param {string | null} token */
export function setCsrfToken(token) {
  csrfToken = token;
}

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ detail?: string, code?: string, errors?: unknown } | null} problem
   * @param {string} message
   */
  constructor(status, problem, message) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * What went wrong, as a sentence in the contact's language. Refusals of what the contact asked for (a service
 * outside an active agreement, a reopen past its window, a wrong password) carry the server's own sentence, made
 * in the contact's language. The rest say it in the portal's words: a missing (or another client's) request is
 * "not found or not visible to you", whatever the server's record calls it; a contact never sees "HTTP 500".
 * @param {number} status @param {any} problem
 */
function messageOf(status, problem) {
  if (status === 403 && !problem?.detail) return t('error.forbidden');
  if (status === 404) return t('error.notFound');
  if (status >= 500) return t('error.server');
  // Refusals the server words in English only (sign-in, passwords, empty fields): said in the contact's language.
  if (problem?.code && has(`error.code.${problem.code}`)) return t(`error.code.${problem.code}`);
  if (problem && typeof problem.detail === 'string' && problem.detail) return problem.detail;
  if (status === 401) return t('error.signedOut');
  if (status === 413) return t('error.tooLarge');
  if (status === 429) return t('error.tooMany');
  return t('error.generic', { status });
}

/** @param {string} method @param {string} path @param {unknown} [body] */
async function request(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  /** @type {RequestInit} */
  const init = { method, headers, credentials: 'same-origin' };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res;
  try {
    res = await fetch(`/api/v1/portal${path}`, init);
  } catch {
    throw new ApiError(0, null, t('error.network'));
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    // A session that ended (expired, signed out elsewhere) sends the contact to the sign-in page.
    if (res.status === 401 && path !== '/login' && path !== '/me') window.dispatchEvent(new Event('portal:signed-out'));
    throw new ApiError(res.status, data, messageOf(res.status, data));
  }
  return data;
}

export const api = {
  /** @param {string} path */
  get: (path) => request('GET', path),
  /** @param {string} path @param {unknown} [body] */
  post: (path, body = {}) => request('POST', path, body),
  /** @param {string} path @param {unknown} body */
  patch: (path, body) => request('PATCH', path, body),
  /** @param {string} path @param {unknown} body */
  put: (path, body) => request('PUT', path, body),
  /** Multipart: the files of a ticket or a reply. @param {string} path @param {FormData} form */
  upload: (path, form) => request('POST', path, form),
};

/** `{a: 1, b: ''}` → `a=1` @param {Record<string, unknown>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The message to show for whatever a call threw. @param {unknown} err */
export const errorMessage = (err) => (err instanceof ApiError ? err.message : t('error.unexpected'));
