import { BinaryOperationNode, FunctionNode, OperationNodeTransformer, OperatorNode, RawNode } from 'kysely';
import { TransformingPlugin } from './transforming-plugin.js';

/**
 * What SQLite means by two spellings PostgreSQL reads differently, said PostgreSQL's way on every query of a
 * PostgreSQL installation (server/db/postgres.ts). Only what holds for every query belongs here; a query that
 * needs a different SQL shape asks `dialectOf(db)` and uses a helper of dialect.ts.
 *
 * - `LIKE`: SQLite's ignores case (ASCII), PostgreSQL's does not. Every filter the desk offers ("acme" finds
 *   "ACME Ltd") was written and tested against SQLite's, so on PostgreSQL every LIKE is ILIKE.
 * - `max(a, b)` / `min(a, b)` with two arguments are SQLite's scalar functions: PostgreSQL's greatest / least.
 * - `indexed by <index>` is a hint to SQLite's planner; PostgreSQL's planner takes none, so it is left out.
 * - `+column` alone (unary plus) tells SQLite's planner not to use the column's index; PostgreSQL has no unary
 *   plus for text and needs no such hint, so the column is named plainly.
 */
export class PostgresQueryPlugin extends TransformingPlugin {
  constructor() {
    super(new QueryTransformer());
  }
}

const OPERATORS: Partial<Record<string, 'ilike' | 'not ilike'>> = { like: 'ilike', 'not like': 'not ilike' };
const SCALAR: Partial<Record<string, string>> = { max: 'greatest', min: 'least' };
const RAW_LIKE = /\blike\b/gi;
const HAS_LIKE = /\blike\b/i;
const INDEXED_BY = /\s+indexed\s+by\s+\w+/gi;
const HAS_INDEXED_BY = /\bindexed\s+by\b/i;
const NO_INDEX_HINT = /^\+(?=[A-Za-z_][\w.]*$)/;

class QueryTransformer extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const out = super.transformBinaryOperation(node);
    const op = OperatorNode.is(out.operator) ? OPERATORS[out.operator.operator] : undefined;
    return op ? BinaryOperationNode.create(out.leftOperand, OperatorNode.create(op), out.rightOperand) : out;
  }

  protected override transformFunction(node: FunctionNode): FunctionNode {
    const out = super.transformFunction(node);
    const scalar = out.arguments.length >= 2 ? SCALAR[out.func.toLowerCase()] : undefined;
    return scalar ? FunctionNode.create(scalar, out.arguments) : out;
  }

  protected override transformRaw(node: RawNode): RawNode {
    const out = super.transformRaw(node);
    if (out.sqlFragments.length === 1 && NO_INDEX_HINT.test(out.sqlFragments[0]!))
      return RawNode.create([out.sqlFragments[0]!.slice(1)], out.parameters);
    if (!out.sqlFragments.some((f) => HAS_LIKE.test(f) || HAS_INDEXED_BY.test(f))) return out;
    return RawNode.create(
      out.sqlFragments.map((f) => f.replace(RAW_LIKE, 'ilike').replace(INDEXED_BY, '')),
      out.parameters,
    );
  }
}
