import type { Ctx } from '../../context.js';
import { imageBytes, renderReconciliationPdf, type ReconciliationStatement } from '../documents/index.js';

/** The statement drawn by the documents' renderer, with our stamp and signatures when asked. */
export function reconciliationPdf(ctx: Ctx, statement: ReconciliationStatement, stamp: boolean): Promise<Buffer> {
  return renderReconciliationPdf(statement, { stamp, image: (sha256) => imageBytes(ctx, sha256) });
}
