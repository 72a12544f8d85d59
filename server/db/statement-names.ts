import { isPrecompiled } from './prepared.js';

/**
 * Which statements a PostgreSQL connection keeps parsed and planned (a named prepared statement), and under which
 * name. Planning a join of the queue view costs PostgreSQL twice what running it does, so the statements the desk
 * runs again and again are named: the precompiled queries at once, any other text once it was seen `SEEN_BEFORE`
 * times. The names are bounded (`MAX_NAMED`), so a connection never holds more plans than that, and a statement
 * that reads `*` stays unnamed: its result's columns would change under a plan kept across a migration.
 */
const SEEN_BEFORE = 3;
const MAX_NAMED = 256;
/** How many distinct texts are counted before any is named (texts seen once, like one-off searches, age out). */
const MAX_COUNTED = 4096;
const NAMEABLE = /^\s*(select|insert|update|delete|with)\b/i;
const READS_STAR = /\bselect\s+\*|\.\*|\breturning\s+\*/i;

export class StatementNames {
  private named = new Map<string, string>();
  private seen = new Map<string, number>();

  /** The name to run `text` under, or undefined to run it unnamed (parsed and planned this once). */
  nameOf(text: string): string | undefined {
    const known = this.named.get(text);
    if (known !== undefined || this.named.size >= MAX_NAMED) return known;
    if (!NAMEABLE.test(text) || READS_STAR.test(text)) return undefined;
    if (!isPrecompiled(text)) {
      const times = (this.seen.get(text) ?? 0) + 1;
      if (times < SEEN_BEFORE) {
        if (this.seen.size >= MAX_COUNTED) this.seen.clear();
        this.seen.set(text, times);
        return undefined;
      }
      this.seen.delete(text);
    }
    const name = `ondesk_${this.named.size + 1}`;
    this.named.set(text, name);
    return name;
  }
}
