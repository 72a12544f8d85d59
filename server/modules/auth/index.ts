// The auth module's public face: other modules and the composition root import only this file.
export { authRoutes } from './auth.routes.js';
export { authenticateApiToken, authenticateSession, checkAgentPassword, forgetCachedTokens } from './auth.service.js';
export type { Authenticated } from './auth.service.js';
export {
  decoyHash,
  hashPassword,
  HashPool,
  HashPoolBusyError,
  passwordProblem,
  useCheapPasswordHashesInThisTestProcess,
  verifyPassword,
} from './password.js';
export { defaultThrottleOptions, normaliseEmail } from './rate-limit.js';
export { LoginThrottle, throttleCleanupJob } from './login-throttle.js';
export type { LoginOutcome } from './rate-limit.js';
export { authorize, can } from './policy.js';
export { SESSION_COOKIE } from './session-cookie.js';
export { createApiToken, endAgentSessions, listApiTokens, revokeAgentApiTokens, revokeApiToken } from './api-tokens.js';
export type { ApiTokenView } from './api-tokens.js';
export { apiScopes, isApiScope, requiredScope, scopeAllows, scopeDescriptions } from './scopes.js';
export type { ApiScope } from './scopes.js';
export { TokenRateLimiter } from './token-rate-limit.js';
export { SharedTokenRateLimiter } from './shared-token-limit.js';
