/** SPEC section 5's bars, printed as a table and then one machine-readable line each. */
export interface BarResult {
  name: string;
  label: string;
  value: number | undefined;
  unit: string;
  target: number;
  /** "min": value must be ≥ target; "max": value must be ≤ target. */
  direction: "min" | "max";
  note?: string;
  /** Why the bar could not be measured on this machine (printed as "n/a (<why>)" instead of a figure). */
  skipped?: string;
}

export function met(bar: BarResult): boolean {
  if (bar.value === undefined || Number.isNaN(bar.value)) return false;
  return bar.direction === "min" ? bar.value >= bar.target : bar.value <= bar.target;
}

function fmt(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "n/a";
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(Math.round(value * 100) / 100);
}

export function printBars(bars: BarResult[]): void {
  const rows = bars.map((b) => [
    b.label,
    b.skipped ? "n/a" : `${fmt(b.value)} ${b.unit}`,
    `${b.direction === "min" ? "≥" : "≤"} ${fmt(b.target)} ${b.unit}`,
    b.skipped ? "n/a" : met(b) ? "met" : "not met",
    b.skipped ?? b.note ?? "",
  ]);
  const header = ["bar", "measured", "target", "result", "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows) console.log(line(r));
  console.log("");
  for (const b of bars) {
    if (b.skipped) {
      console.log(`bar ${b.name}: n/a (${b.skipped})`);
      continue;
    }
    console.log(
      `bar ${b.name}: ${fmt(b.value)} ${b.unit} (target ${fmt(b.target)}) ${met(b) ? "met" : "not met"}`,
    );
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
