/**
 * The signed-in agent as the session answer (GET /api/v1/auth/session) describes them, with `can`: every
 * action of the server's policy and whether this agent may do it. The UI keeps no copy of the role table.
 * @typedef {object} Me
 * @property {number} id
 * @property {string} name
 * @property {string} role
 * @property {string} language
 * @property {Record<string, boolean>} can
 */

/**
 * The session answer of the server (sign-in and GET /auth/session).
 * @typedef {{ agent: Omit<Me, 'can'>, csrfToken: string | null, can: Record<string, boolean> }} Session
 */

/** @param {Session} session @returns {Me} */
export const meOf = (session) => ({ ...session.agent, can: session.can });

/**
 * Whether the server's policy lets the agent do an action (`agreement.write`, …). Only hides what would be
 * refused: the server checks every request anyway.
 * @param {Me | null | undefined} me
 * @param {string} action
 */
export const may = (me, action) => me?.can?.[action] === true;
