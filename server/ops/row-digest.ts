import { createHash, type Hash } from 'node:crypto';

/**
 * The column types a table has on PostgreSQL after the shared migrations (server/db/postgres-ddl.ts maps SQLite's
 * integer → bigint, real → double precision, blob → bytea; kysely's own tables use varchar).
 */
export type TargetType = 'bigint' | 'double precision' | 'text' | 'character varying' | 'bytea';

export class ValueRefused extends Error {}

/**
 * A SQLite value as the PostgreSQL column of `type` stores it. SQLite keeps any value in any column (a number in
 * a text column, 1.5 in an integer one); PostgreSQL does not, so the value is said in the column's type where
 * that loses nothing, and refused with the reason where it would (the copy stops and names the row).
 */
export function toTargetValue(value: unknown, type: TargetType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'bigint') return value;
      if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
      throw new ValueRefused(`${describe(value)} is not a whole number, and the PostgreSQL column is bigint`);
    case 'double precision':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw new ValueRefused(`${describe(value)} is not a number, and the PostgreSQL column is double precision`);
    case 'bytea':
      if (Buffer.isBuffer(value)) return value;
      if (typeof value === 'string') return Buffer.from(value, 'utf8');
      throw new ValueRefused(`${describe(value)} is not bytes, and the PostgreSQL column is bytea`);
    default: {
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
      // PostgreSQL's text cannot hold the NUL character at all.
      if (text.includes('\0')) throw new ValueRefused('the text holds a NUL character, which PostgreSQL text cannot');
      return text;
    }
  }
}

function describe(value: unknown): string {
  const shown = Buffer.isBuffer(value) ? `${value.length} bytes` : JSON.stringify(value);
  return `the value ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`;
}

/**
 * One value in a form that is equal exactly when the values are: a type letter, then the value (text and bytes
 * with their length first, so no separator inside a value can make two rows look alike).
 */
export function encodeValue(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  if (typeof value === 'number') return Number.isInteger(value) ? `i${value}` : `f${value}`;
  if (typeof value === 'bigint') return `i${value}`;
  if (typeof value === 'string') return `s${Buffer.byteLength(value)}:${value}`;
  if (Buffer.isBuffer(value)) return `b${value.length}:${value.toString('hex')}`;
  if (value instanceof Uint8Array) return encodeValue(Buffer.from(value));
  throw new Error(`cannot encode a ${typeof value} for the checksum`);
}

/** Row count and sha256 of a table's rows fed in primary-key order, computed the same way on both databases. */
export class TableDigest {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;

  add(values: readonly unknown[]): void {
    this.hash.update(`${values.map(encodeValue).join('')}\n`);
    this.rows += 1;
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
