import type { Installation } from '../installation.js';
import { systemActor } from '../context.js';
import { acquire, leaseHolder, release, renew, type Lease } from './leases.js';
import { clusterTiming } from './timing.js';

export interface LeaseKeeper {
  /** Whether this node holds the lease now — also by its own clock, so a node whose renewals stall stops at once. */
  holds(): boolean;
  /** The fencing token of the lease held, else null. */
  token(): number | null;
  /** Stops trying, waits for the work it started to stop, and gives the lease up. */
  stop(): Promise<void>;
}

/**
 * Keeps trying to hold lease `name`: renews it every third of its time while held, tries to take it at the same pace
 * while another node has it. `onAcquired` starts the work the lease guards, `onLost` stops it (a renewal refused, or
 * one that could not reach the database before the lease ran out).
 */
export function keepLease(
  inst: Installation,
  name: string,
  handlers: { onAcquired?: (lease: Lease) => void | Promise<void>; onLost?: (reason: string) => void | Promise<void> },
): LeaseKeeper {
  const { leaseMs: setting, renewMs } = clusterTiming(inst.config);
  // The time written on the lease leaves room for the take-over itself (the standby's wake-up, its claim, the first
  // job starting): a node killed right after a renewal has its work running elsewhere within the setting (30 s),
  // not 30 s and a few dozen milliseconds later.
  const leaseMs = setting - Math.min(1_000, Math.floor(setting / 10));
  const ctx = () => inst.ctx(systemActor(`lease:${name}`));
  let held: Lease | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const validNow = () => held !== null && Date.parse(held.expiresAt) > inst.clock.now().getTime();

  const lose = async (reason: string) => {
    held = null;
    inst.log.warn({ lease: name, reason }, 'cluster: lease lost');
    await handlers.onLost?.(reason);
  };

  /** When to try next: a standby tries again the moment the holder's lease runs out, not up to a period later. */
  let nextMs = renewMs;
  const tick = async () => {
    nextMs = renewMs;
    try {
      if (held) {
        const renewed = await renew(ctx(), held, leaseMs);
        if (renewed) held = renewed;
        else await lose('another node took it over');
      } else {
        const got = await acquire(ctx(), name, leaseMs);
        // Stopped while asking: what was just taken is given back at once, not left to run out.
        if (got && stopped) await release(ctx(), got);
        else if (got) {
          held = got;
          inst.log.info({ lease: name, token: got.token }, 'cluster: lease acquired');
          await handlers.onAcquired?.(got);
        } else if (!got) {
          const other = await leaseHolder(ctx(), name);
          if (other) {
            const untilEnd = Date.parse(other.expiresAt) - inst.clock.now().getTime();
            nextMs = Math.min(renewMs, Math.max(20, untilEnd + 20));
          }
        }
      }
    } catch (err) {
      inst.log.warn({ err, lease: name }, 'cluster: lease could not be renewed or taken');
      // Unsure whether the database saw the renewal: the work stops once the lease would have run out by our clock.
      if (held && !validNow()) await lose('the database could not be reached before it expired');
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, nextMs);
    });
  };
  loop();

  return {
    holds: validNow,
    token: () => (validNow() ? held!.token : null),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      const lease = held;
      if (lease) {
        held = null;
        await handlers.onLost?.('stopping');
        await release(ctx(), lease).catch((err) => inst.log.warn({ err, lease: name }, 'cluster: lease not released'));
      }
    },
  };
}
