import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { InboundMessageStatus } from '../../db/schema.js';
import { conflict, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import { getOrganization } from '../organizations/index.js';
import { openRaw, type InboundSettings } from './inbound-mail.service.js';
import { refileInbound, type RefileAction } from './inbound-refile.js';
import * as repo from './inbound-mail.repository.js';
import { receiverStatus } from './receivers.js';
import type { Installation } from '../../installation.js';

export async function listInboundMessages(
  ctx: Ctx,
  query: { status?: InboundMessageStatus; limit: number; cursor?: string },
) {
  authorize(ctx.actor, 'inbound_mail.read');
  const after = decodeCursor(query.cursor);
  const rows = await repo.listInbound(ctx.db, {
    status: query.status,
    limit: query.limit,
    ...(after && { beforeId: after[1] }),
  });
  return pageOf(rows, query.limit, (r) => [null, r.id]);
}

export async function getInbound(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'inbound_mail.read');
  const row = await repo.findInbound(ctx.db, id);
  if (!row) throw notFound(`Inbound message ${id}`);
  return row;
}

/**
 * An admin's action on a held or rejected message (release into a ticket, a new ticket, ingestion again);
 * answers the message as it is afterwards.
 */
export async function actOnInbound(ctx: Ctx, id: number, action: RefileAction, settings: InboundSettings) {
  authorize(ctx.actor, 'inbound_mail.manage');
  await refileInbound(ctx, id, action, settings);
  return getInbound(ctx, id);
}

/** The receivers running in this process and how they are doing. */
export function mailReceivers(ctx: Ctx, inst: Installation) {
  authorize(ctx.actor, 'inbound_mail.read');
  return receiverStatus(inst);
}

export async function openInboundRaw(ctx: Ctx, id: number) {
  const row = await getInbound(ctx, id);
  if (!row.raw_sha256) throw notFound(`The original of inbound message ${id}`);
  return openRaw(ctx, row.raw_sha256);
}

export async function getOrganizationDomains(ctx: Ctx, organizationId: number) {
  await getOrganization(ctx, organizationId);
  return (await repo.listDomains(ctx.db, organizationId)).map((d) => d.domain);
}

/** A domain belongs to one client: mail from it must land in one place. */
export async function setOrganizationDomains(ctx: Ctx, organizationId: number, domains: string[]) {
  authorize(ctx.actor, 'organization.write');
  await getOrganization(ctx, organizationId);
  const wanted = [...new Set(domains.map((d) => d.trim().toLowerCase()))];
  await inTransaction(ctx, async (tx) => {
    const taken = (await repo.domainOwner(tx.db, wanted)).filter((d) => d.organization_id !== organizationId);
    if (taken.length > 0)
      throw conflict(`The domain ${taken[0]!.domain} already belongs to organization ${taken[0]!.organization_id}`);
    await repo.replaceDomains(tx.db, organizationId, wanted, ctx.clock.now().toISOString());
  });
  return wanted;
}
