import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { decodeCursor, pageOf } from '../../shared/pagination.js';
import { authorize } from '../auth/index.js';
import * as repo from './services.repository.js';

export interface ServiceInput {
  name: string;
  description?: string | null;
  category?: string | null;
  active?: boolean;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badRequest('A service needs a name', { errors: [{ path: 'body.name', message: 'is empty' }] });
  return trimmed;
}

/** Empty text means "none": a blank category should not show up as a category of its own. */
const optionalText = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

export async function createService(ctx: Ctx, input: ServiceInput) {
  authorize(ctx.actor, 'service.write');
  const name = cleanName(input.name);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertService(tx.db, {
      name,
      description: optionalText(input.description),
      category: optionalText(input.category),
      active: input.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    }),
  );
}

export async function updateService(ctx: Ctx, id: number, input: Partial<ServiceInput>) {
  authorize(ctx.actor, 'service.write');
  const name = input.name !== undefined ? cleanName(input.name) : undefined;
  const updated = await inTransaction(ctx, (tx) =>
    repo.updateService(tx.db, id, {
      ...(name !== undefined && { name }),
      ...(input.description !== undefined && { description: optionalText(input.description) }),
      ...(input.category !== undefined && { category: optionalText(input.category) }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.clock.now().toISOString(),
    }),
  );
  if (!updated) throw notFound(`Service ${id}`);
  return updated;
}

export async function getService(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'service.read');
  const service = await repo.findService(ctx.db, id);
  if (!service) throw notFound(`Service ${id}`);
  return service;
}

export async function listServices(ctx: Ctx, opts: { active?: boolean; q?: string; cursor?: string; limit: number }) {
  authorize(ctx.actor, 'service.read');
  const after = decodeCursor(opts.cursor);
  const rows = await repo.listServices(ctx.db, {
    active: opts.active,
    q: opts.q,
    limit: opts.limit,
    ...(after && { afterName: String(after[0]), afterId: after[1] }),
  });
  return pageOf(rows, opts.limit, (s) => [s.name, s.id]);
}

/**
 * Only a service nothing refers to may be deleted; one that agreements or tickets name is retired by
 * deactivating it, so their history keeps saying what was covered.
 */
export async function deleteService(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'service.write');
  await inTransaction(ctx, async (tx) => {
    const service = await repo.findService(tx.db, id);
    if (!service) throw notFound(`Service ${id}`);
    const numbers = await repo.agreementNumbersUsing(tx.db, id, 6);
    if (numbers.length > 0) {
      const listed = numbers.slice(0, 5).join(', ') + (numbers.length > 5 ? ', …' : '');
      throw new AppError(
        409,
        'service_in_use',
        `Service "${service.name}" is covered by agreement${numbers.length === 1 ? '' : 's'} ${listed}; deactivate it instead of deleting`,
      );
    }
    const tickets = await repo.countTicketsOn(tx.db, id);
    if (tickets > 0)
      throw new AppError(
        409,
        'service_in_use',
        `Service "${service.name}" is named by ${tickets} ticket${tickets === 1 ? '' : 's'}; deactivate it instead of deleting`,
      );
    await repo.deleteService(tx.db, id);
  });
}
