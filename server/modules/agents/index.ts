// The agents module's public face: other modules and the composition root import only this file.
export { agentRoutes } from './agents.routes.js';
export { countActiveAgents, createAgent, findAgentByEmail, getAgent, isActiveAgent } from './agents.service.js';
