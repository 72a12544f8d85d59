import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use rather than at start. Mail parsing, SMTP and IMAP libraries weigh
 * tens of megabytes together; a desk that never receives mail should not carry them.
 */
export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
