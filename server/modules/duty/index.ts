// The duty module's public face: other modules and the composition root import only this file.
export { dutyRoutes } from './duty.routes.js';
export { dutyCoverageJob } from './duty-coverage.js';
export { dutyAgentOfTeam, dutyShiftsOfAgent, isTeamBusinessTime, teamCalendarId } from './duty.service.js';
export type { AgentShift } from './duty.service.js';
export { compileSchedule, coverageGaps, onCallAt, shiftsBetween } from './on-call.js';
export type { CompiledSchedule, OnCall, Shift, DutySource } from './on-call.js';
