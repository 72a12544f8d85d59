/** The cookie that carries a signed-in agent's session (HttpOnly, SameSite=Lax; see auth.routes.ts). */
export const SESSION_COOKIE = 'ondesk_session';
