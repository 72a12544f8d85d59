// The agents module's public face: other modules and the composition root import only this file.
export { agentRoutes } from './agents.routes.js';
export { createAgent, createApiToken, countActiveAgents } from './agents.service.js';
