import { useEffect, useRef, useState } from "react";

// Small hand-written SVG charts: a line chart over days and a bar chart (grouped or stacked). A few
// hundred lines instead of a charting library keep the agent app's bundle small; each chart also carries
// its numbers as a table for screen readers.

export interface Series {
  name: string;
  color: string;
  values: number[];
}

interface ChartProps {
  labels: string[];
  series: Series[];
  /** Read by screen readers; the visible title is the card's heading. */
  label: string;
  format?: (value: number) => string;
  /** Whole numbers (counts): the axis steps by whole units. */
  integer?: boolean;
}

export const COLORS = ["#0b6e4f", "#d98e04", "#1d6fb8", "#b00020"];

const H = 220;
const PAD = { top: 12, right: 12, bottom: 28 };
/** The width of one character of an 11 px label, generously: to keep labels apart and inside the chart. */
const CHAR = 7;

/**
 * The chart is drawn at the width it is shown (one SVG unit = one CSS pixel), so labels keep their 11 px on a
 * phone instead of shrinking with a scaled-down drawing.
 */
function useChartWidth() {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const figure = ref.current;
    if (!figure || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      const shown = Math.round(entry?.contentRect.width ?? 0);
      if (shown > 0) setWidth(Math.max(240, shown));
    });
    observer.observe(figure);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Room on the left for the longest value label of the axis. */
function leftPad(max: number, format: (v: number) => string): number {
  const longest = Math.max(...[0, 0.5, 1].map((f) => format(f * max).length));
  return Math.max(28, longest * CHAR + 10);
}

/** Every how many day labels one is shown, so that shown labels never touch (at most one a label's width). */
export function labelStep(labels: string[], span: number): number {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  const fits = Math.max(1, Math.floor(span / (longest * CHAR + 12)));
  return Math.max(1, Math.ceil(labels.length / fits));
}

/**
 * The top of the axis: four equal steps of a round size (1, 2, 2.5 or 5 × 10ⁿ) reaching the largest value;
 * whole steps for counts.
 */
export function niceMax(value: number, integer = false): number {
  if (value <= 0) return integer ? 4 : 1;
  const raw = value / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * power;
  for (const m of [1, 2, 2.5, 5]) {
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  }
  if (integer) step = Math.max(1, Math.ceil(step));
  return step * 4;
}

function Axes({
  max,
  labels,
  format,
  x,
  width,
  left,
}: {
  max: number;
  labels: string[];
  format: (v: number) => string;
  x: (i: number) => number;
  width: number;
  left: number;
}) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const every = labelStep(labels, width - left - PAD.right);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  return (
    <g className="axes" fontSize="11" fill="#56606b">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={left} x2={width - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e7ea" />
          <text x={left - 6} y={y(v) + 4} textAnchor="end">
            {format(v)}
          </text>
        </g>
      ))}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={l} x={x(i)} y={H - 8} textAnchor="middle">
            {l}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="legend">
      {series.map((s) => (
        <li key={s.name}>
          <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function DataTable({ labels, series, format, label }: ChartProps & { format: (v: number) => string }) {
  // The 1 px box is a div: a table grows to its content whatever its width, and pushed the phone's page sideways.
  return (
    <div className="visually-hidden">
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">-</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{l}</th>
              {series.map((s) => (
                <td key={s.name}>{format(s.values[i] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const plain = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

export function LineChart({ labels, series, label, format = plain, integer = false }: ChartProps) {
  const { ref, width } = useChartWidth();
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values)), integer);
  const left = leftPad(max, format);
  // The first and last day labels are centred on the ends: keep half a label of room on each side.
  const inset = Math.min(24, Math.max(0, ...labels.map((l) => l.length)) * (CHAR / 2));
  const span = width - left - PAD.right - 2 * inset;
  const x = (i: number) => left + inset + (labels.length <= 1 ? span / 2 : (span * i) / (labels.length - 1));
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${width} ${H}`} role="img" aria-label={label}>
        <Axes max={max} labels={labels} format={format} x={x} width={width} left={left} />
        {series.map((s) => (
          <g key={s.name}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth="2.5"
              strokeLinejoin="round"
              points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}
            />
            {labels.length <= 31
              ? s.values.map((v, i) => (
                  <circle key={labels[i]} cx={x(i)} cy={y(v)} r="3" fill={s.color}>
                    <title>{`${labels[i]} · ${s.name}: ${format(v)}`}</title>
                  </circle>
                ))
              : null}
          </g>
        ))}
      </svg>
      <Legend series={series} />
      <DataTable labels={labels} series={series} label={label} format={format} />
    </figure>
  );
}

export function BarChart({
  labels,
  series,
  label,
  format = plain,
  stacked = false,
  integer = false,
}: ChartProps & { stacked?: boolean }) {
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(
    stacked ? Math.max(0, ...totals) : Math.max(0, ...series.flatMap((s) => s.values)),
    integer,
  );
  const { ref, width } = useChartWidth();
  const left = leftPad(max, format);
  const span = width - left - PAD.right;
  const band = span / Math.max(1, labels.length);
  const x = (i: number) => left + band * i + band / 2;
  const height = (v: number) => (H - PAD.top - PAD.bottom) * (v / max);
  const base = H - PAD.bottom;
  const barWidth = Math.min(48, band * 0.7) / (stacked ? 1 : series.length);
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${width} ${H}`} role="img" aria-label={label}>
        <Axes max={max} labels={labels} format={format} x={x} width={width} left={left} />
        {labels.map((l, i) => {
          let offset = 0;
          return (
            <g key={l}>
              {series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const h = height(v);
                const left = stacked
                  ? x(i) - barWidth / 2
                  : x(i) - (barWidth * series.length) / 2 + barWidth * k;
                const top = base - h - (stacked ? offset : 0);
                if (stacked) offset += h;
                return (
                  <rect
                    key={s.name}
                    x={left}
                    y={top}
                    width={Math.max(1, barWidth - 2)}
                    height={h}
                    fill={s.color}
                    rx="2"
                  >
                    <title>{`${l} · ${s.name}: ${format(v)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
      <DataTable labels={labels} series={series} label={label} format={format} />
    </figure>
  );
}
