import { EventEmitter } from "node:events";

/**
 * Who may see a resource or an event: every signed-in agent, or those who may see premium work (the owner
 * and the agents the owner opened it to). Decided by users/policies.ts.
 */
export type Audience = "agents" | "premium";

/** A live update for signed-in agents (new message, status change, new ticket…). */
export interface LiveEvent {
  type: string;
  audience: Audience;
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
