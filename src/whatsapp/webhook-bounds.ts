/**
 * Bounds on what one webhook element (a message or a status) may keep as its raw JSON. Meta's elements
 * nest about six levels and weigh a few kilobytes; one crafted field nested thousands deep would overflow
 * the stack in JSON.stringify and fail the whole batch, so it is measured here without recursion.
 */
export const ELEMENT_LIMITS = { depth: 32, nodes: 5_000, bytes: 256 * 1024 } as const;

/**
 * Why `value` is too deep, wide or large to keep, or undefined when it is fine. Its size is counted as the
 * length of its strings and keys (what dominates the JSON) during the same walk: the webhook's hot path
 * serialises each element once, in ingest, not twice.
 */
export function elementOutOfBounds(value: unknown): string | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  let chars = 0;
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current === "string") chars += current.length;
    if (typeof current !== "object" || current === null) continue;
    if (depth > ELEMENT_LIMITS.depth) return `nested deeper than ${ELEMENT_LIMITS.depth} levels`;
    if (++nodes > ELEMENT_LIMITS.nodes) return `more than ${ELEMENT_LIMITS.nodes} objects and arrays`;
    if (Array.isArray(current)) {
      for (const child of current) pending.push([child, depth + 1]);
    } else {
      for (const [key, child] of Object.entries(current)) {
        chars += key.length;
        pending.push([child, depth + 1]);
      }
    }
    if (chars > ELEMENT_LIMITS.bytes) break;
  }
  return chars > ELEMENT_LIMITS.bytes ? `larger than ${ELEMENT_LIMITS.bytes} characters` : undefined;
}

/**
 * The raw element to store: itself when within bounds; otherwise a note saying why it was left out, and
 * a problem reported for the log. The fields beedesk reads from it (who, when, the text) are kept.
 */
export function boundedRaw(
  raw: Record<string, unknown>,
  scope: { path: string; problems: string[] },
): Record<string, unknown> {
  const reason = elementOutOfBounds(raw);
  if (!reason) return raw;
  scope.problems.push(`${scope.path}: raw JSON not kept, ${reason}`);
  return { omitted: reason };
}
