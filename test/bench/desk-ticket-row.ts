/**
 * The desk's ticket row as its insert writes it (tickets.repository.ts, with the SLA columns of sla-columns.ts), with
 * the next number: stored by the SQLite insert benchmark (ticket-insert.bench.ts) and the schema floor server
 * (schema-floor-server.ts). Parameters: subject, description, status, organization, creating agent, created and
 * updated (ISO), reaction due, resolution due, next SLA check and SLA order (epoch ms).
 */
export const INSERT = `insert into tickets (subject, description, type, priority, status, organization_id, contact_id,
  assignee_id, team_id, channel, tags, created_by_agent_id, created_at, updated_at, service_id, agreement_id,
  reaction_minutes, resolution_minutes, reaction_due, resolution_due, sla_state, paused_minutes, sla_next_check,
  sla_order, agreement_reason, number)
  values (?, ?, 'incident', 'P2', ?, ?, null, null, null, 'api', '[]', ?, ?, ?, null, null, 60, 960, ?, ?, 'ok', 0, ?,
  ?, 'organization', (select coalesce(max(number), 0) + 1 from tickets)) returning id, number`;
