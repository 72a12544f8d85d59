/**
 * Sign-in attempts per (ip, e-mail): at most MAX_ATTEMPTS failures in WINDOW_MS, then a pause. Kept in
 * memory: it slows down guessing; the account lockout in the database is the durable defence.
 */
const MAX_ATTEMPTS = 5;
const WINDOW_MS = 60_000;
const MAX_KEYS = 10_000;

export class LoginRateLimiter {
  private failures = new Map<string, number[]>();

  /** Milliseconds to wait before another attempt is allowed; 0 when allowed now. */
  check(key: string, now: number): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length < MAX_ATTEMPTS) return 0;
    return WINDOW_MS - (now - recent[0]!);
  }

  fail(key: string, now: number): void {
    if (this.failures.size >= MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    recent.push(now);
    this.failures.set(key, recent);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
