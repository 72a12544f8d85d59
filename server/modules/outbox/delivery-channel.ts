import type { Ctx, TxCtx } from '../../context.js';
import type { OutboxChannel } from '../../db/schema.js';
import type { OutboxRow } from './outbox.repository.js';

/**
 * How one channel (e-mail, SMS) sends an outbox item. The worker owns everything else — which items are due,
 * claiming them, retries with backoff, giving up — so a channel only knows its own transport and books.
 * Hooks that take a `tx` run inside the worker's transactions: what they write commits with the item's state.
 * The channels are built where the worker is started (notifications/outbox-worker.ts), not here: the outbox
 * module is below the modules that queue messages and may not import them.
 */
export interface DeliveryChannel<Message = unknown> {
  readonly channel: OutboxChannel;
  /**
   * Builds what goes out, before the item is claimed; without it the message is `undefined`. An error fails
   * the item at once, without an attempt: what cannot be built now (a malformed recipient) will not be later.
   */
  prepare?(ctx: Ctx, item: OutboxRow): Promise<Message>;
  /**
   * In the claim's transaction, before the claim: why this item must not go at all (a quota), after recording
   * the refusal in the channel's own books; the item then fails with this reason. Null lets it go.
   */
  refusal?(tx: TxCtx, item: OutboxRow, now: Date): Promise<string | null>;
  /** In the claim's transaction, once the item is ours: what must be known before the message leaves. */
  claimed?(tx: TxCtx, item: OutboxRow, message: Message, now: Date): Promise<void>;
  send(item: OutboxRow, message: Message): Promise<void>;
  /** In the transaction that marks the item sent; `attemptedAt` is when its attempt began. */
  sent?(tx: TxCtx, item: OutboxRow, attemptedAt: Date): Promise<void>;
  /** Whether an error of `send` means that sending the same item again cannot succeed. */
  isPermanent(err: unknown): boolean;
  /** Releases the transport (an SMTP pool) when the worker stops. */
  close?(): void;
}
