import { useEffect, useRef } from "react";
import type { LiveMessage } from "../api-types.js";

const TYPES = [
  "message.created",
  "message.status",
  "message.updated",
  "conversation.updated",
  "note.created",
  "engagement.requested",
  "engagement.updated",
  "ticket.created",
];

interface Subscriber {
  event(message: LiveMessage): void;
  reconnected(): void;
}

const subscribers = new Set<Subscriber>();
let source: EventSource | null = null;

/** One EventSource per tab, opened for the first subscriber and closed after the last one leaves. */
function connect(): void {
  if (source || typeof EventSource === "undefined") return;
  const opened = new EventSource("/api/v1/events");
  let wasOpen = false;
  opened.onopen = () => {
    if (wasOpen) for (const s of [...subscribers]) s.reconnected();
    wasOpen = true;
  };
  const listener = (e: MessageEvent<string>) => {
    let message: LiveMessage;
    try {
      message = { type: e.type, data: JSON.parse(e.data) as Record<string, unknown> };
    } catch {
      return; // a malformed event is skipped, the next one still arrives
    }
    for (const s of [...subscribers]) s.event(message);
  };
  for (const type of TYPES) opened.addEventListener(type, listener as EventListener);
  source = opened;
}

function disconnect(): void {
  source?.close();
  source = null;
}

/**
 * Live updates from GET /api/v1/events (Server-Sent Events). Every mounted screen shares the tab's one stream
 * (a browser allows few connections per server); the browser reconnects on its own after a drop, and
 * `onReconnect` lets the screen reload what it may have missed. The callbacks may change on every render:
 * the subscription does not.
 */
export function useLiveEvents(onEvent: (event: LiveMessage) => void, onReconnect?: () => void): void {
  const handler = useRef(onEvent);
  const reconnect = useRef(onReconnect);
  handler.current = onEvent;
  reconnect.current = onReconnect;
  useEffect(() => {
    const subscriber: Subscriber = {
      event: (message) => handler.current(message),
      reconnected: () => reconnect.current?.(),
    };
    subscribers.add(subscriber);
    connect();
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) disconnect();
    };
  }, []);
}
