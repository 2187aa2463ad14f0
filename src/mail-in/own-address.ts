/** The bare address in a From value such as `HuntBee Support <support@huntbee.example>`, lower case. */
export function senderAddress(from: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(from);
  return (match?.[1] ?? "").toLowerCase();
}
