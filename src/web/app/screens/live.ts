import { useEffect, useRef } from "react";

export interface LiveMessage {
  type: string;
  data: Record<string, unknown>;
}

const TYPES = [
  "message.created",
  "message.status",
  "conversation.updated",
  "note.created",
  "engagement.requested",
  "engagement.updated",
  "ticket.created",
];

/**
 * Live updates from GET /api/v1/events (Server-Sent Events). One EventSource per mounted screen; the browser
 * reconnects on its own after a drop, and `onReconnect` lets the screen reload what it may have missed.
 */
export function useLiveEvents(onEvent: (event: LiveMessage) => void, onReconnect?: () => void): void {
  const handler = useRef(onEvent);
  const reconnect = useRef(onReconnect);
  handler.current = onEvent;
  reconnect.current = onReconnect;
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/events");
    let opened = false;
    source.onopen = () => {
      if (opened) reconnect.current?.();
      opened = true;
    };
    const listener = (e: MessageEvent<string>) => {
      try {
        handler.current({ type: e.type, data: JSON.parse(e.data) as Record<string, unknown> });
      } catch {
        // a malformed event is skipped, the next one still arrives
      }
    };
    for (const type of TYPES) source.addEventListener(type, listener as EventListener);
    return () => source.close();
  }, []);
}
