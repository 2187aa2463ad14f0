import { EventEmitter } from "node:events";

/** A live update for signed-in agents (new message, status change, new ticket…). */
export interface LiveEvent {
  type: string;
  /** Who may see it: everyone signed in, or the owner only (premium line). */
  audience: "agents" | "owner";
  data: Record<string, unknown>;
}

/**
 * In-process fan-out of live events. On PostgreSQL a LISTEN/NOTIFY bridge republishes events
 * from other processes here, so subscribers never care where an event came from.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly forwarders: Array<(event: LiveEvent) => void> = [];

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Publish an event that happened in this process (forwarded to other processes too). */
  publish(event: LiveEvent): void {
    this.deliver(event);
    for (const forward of this.forwarders) forward(event);
  }

  /** Deliver an event to local subscribers only (used by the cross-process bridge). */
  deliver(event: LiveEvent): void {
    this.emitter.emit("event", event);
  }

  onForward(forward: (event: LiveEvent) => void): void {
    this.forwarders.push(forward);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
