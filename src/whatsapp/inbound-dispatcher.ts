import type { InboundRef } from "./ingest.repository.js";
import { receiverUnderPressure } from "./ingest.writer.js";

/** Messages being handled at once: their writes share commits (see platform/db/shared-transaction.ts). */
const MAX_IN_FLIGHT = 64;
/** Messages started per turn of the event loop, so the webhook receiver gets a turn every few milliseconds. */
const STARTS_PER_TURN = 16;
/** Under a burst of webhooks (beyond what Meta sends one number) new messages start only this often. */
const PRESSURE_PAUSE_MS = 20;

interface Waiting {
  ids: InboundRef;
  settle(error: unknown): void;
}

/**
 * One per process: the messages of every `whatsapp.inbound` job in one queue, handled concurrently across
 * conversations and strictly in arrival order within each — a message starts only when no earlier message of
 * its conversation is waiting or being handled. The jobs overlap: the next job's messages start while the
 * last of the previous job are still being handled.
 */
export class InboundDispatcher {
  private readonly waiting: Waiting[] = [];
  /** Conversations with a message being handled. */
  private readonly busy = new Set<string>();
  private scheduled = false;

  constructor(private readonly handle: (ids: InboundRef) => Promise<void>) {}

  /** Handles the messages; resolves once all are done, with the error of each that failed (undefined if not). */
  run(messages: readonly InboundRef[]): Promise<unknown[]> {
    const outcomes = messages.map(
      (ids) =>
        new Promise<unknown>((resolve) => {
          this.waiting.push({ ids, settle: resolve });
        }),
    );
    this.schedule();
    return Promise.all(outcomes);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (receiverUnderPressure()) setTimeout(() => this.pump(), PRESSURE_PAUSE_MS);
    else setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    let started = 0;
    // A conversation seen waiting earlier in the queue blocks its later messages, even if it is not busy yet.
    const blocked = new Set(this.busy);
    for (
      let i = 0;
      i < this.waiting.length && this.busy.size < MAX_IN_FLIGHT && started < STARTS_PER_TURN;
    ) {
      const item = this.waiting[i]!;
      const conversation = item.ids.conversationId;
      if (blocked.has(conversation)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.busy.add(conversation);
      blocked.add(conversation);
      started++;
      this.handle(item.ids).then(
        () => this.finish(item, undefined),
        (error: unknown) => this.finish(item, error ?? new Error("inbound listener failed")),
      );
    }
    if (started === STARTS_PER_TURN && this.waiting.length > 0 && this.busy.size < MAX_IN_FLIGHT) {
      this.schedule();
    }
  }

  private finish(item: Waiting, error: unknown): void {
    this.busy.delete(item.ids.conversationId);
    item.settle(error);
    if (this.waiting.length > 0) this.schedule();
  }
}
