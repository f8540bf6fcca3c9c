// Two small charts drawn as SVG (no chart library: a bar chart and a
// stacked bar are a few rectangles). Each is an image with a text
// alternative that says what it shows; the numbers are also in tables.

export interface Bar {
  label: string;
  value: number;
  /** What to read above the bar when it is not the value itself (e.g. "3.2 days" for a bar of 76.8 hours). */
  text?: string;
}

/** Vertical bars with their value above and label below. */
export function BarChart({ bars, title, description }: { bars: Bar[]; title: string; description: string }) {
  const width = 560;
  const height = 180;
  const top = 18;
  const bottom = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const plot = height - top - bottom;
  // Label every bar when they fit, else about ten of them.
  const labelEvery = Math.max(1, Math.ceil(bars.length / 10));
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${description}`}>
      <line x1={0} y1={height - bottom} x2={width} y2={height - bottom} class="chart-axis" />
      {bars.map((b, i) => {
        const h = (b.value / max) * plot;
        const x = i * slot + (slot - barWidth) / 2;
        const y = height - bottom - h;
        return (
          <g key={i}>
            <rect x={x} y={y} width={barWidth} height={h} class="chart-bar">
              <title>{`${b.label}: ${b.text ?? b.value}`}</title>
            </rect>
            {b.value > 0 && (
              <text x={x + barWidth / 2} y={y - 4} text-anchor="middle" class="chart-value">
                {b.text ?? b.value}
              </text>
            )}
            {i % labelEvery === 0 && (
              <text x={x + barWidth / 2} y={height - 6} text-anchor="middle" class="chart-label">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export interface Segment {
  label: string;
  value: number;
  className: string;
}

/** One horizontal bar split into parts of a whole, with a legend. */
export function StackedBar({ segments, title }: { segments: Segment[]; title: string }) {
  const width = 560;
  const height = 28;
  const total = segments.reduce((s, x) => s + x.value, 0);
  let x = 0;
  const description = segments.map((s) => `${s.label} ${s.value}`).join(', ');
  return (
    <figure class="stacked">
      <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${description}`}>
        <rect x={0} y={0} width={width} height={height} class="chart-empty" />
        {total > 0 &&
          segments.map((s) => {
            const w = (s.value / total) * width;
            const rect = <rect key={s.label} x={x} y={0} width={w} height={height} class={s.className} />;
            x += w;
            return rect;
          })}
      </svg>
      <figcaption class="legend">
        {segments.map((s) => (
          <span key={s.label}>
            <span class={`swatch ${s.className}`} aria-hidden="true" /> {s.label}: {s.value}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export interface ShareRow {
  label: string;
  percent: number; // the main bar
  lowPercent: number | null; // a thinner mark (e.g. the 10th percentile)
}

/**
 * Horizontal bars of shares of a reference (100 % drawn as a line): e.g.
 * each region's median hourly pay as a share of its local minimum wage,
 * with its 10th percentile as a tick. Bars under the line are marked.
 */
export function ShareChart({ rows, title, reference }: { rows: ShareRow[]; title: string; reference: string }) {
  const width = 560;
  const rowHeight = 26;
  const left = 120;
  const right = 56;
  const height = rows.length * rowHeight + 24;
  const max = Math.max(150, ...rows.map((r) => Math.max(r.percent, r.lowPercent ?? 0)));
  const x = (p: number) => left + (p / max) * (width - left - right);
  const description = rows
    .map((r) => `${r.label} ${r.percent} %${r.lowPercent === null ? '' : ` (10th percentile ${r.lowPercent} %)`}`)
    .join(', ');
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${description}`}>
      {rows.map((r, i) => {
        const y = 8 + i * rowHeight;
        return (
          <g key={r.label}>
            <text x={left - 8} y={y + 14} text-anchor="end" class="chart-label">
              {r.label}
            </text>
            <rect x={left} y={y + 3} width={x(r.percent) - left} height={rowHeight - 10}
              class={r.percent < 100 ? 'chart-bar chart-bar-below' : 'chart-bar'}>
              <title>{`${r.label}: ${r.percent} %`}</title>
            </rect>
            {r.lowPercent !== null && (
              <line x1={x(r.lowPercent)} x2={x(r.lowPercent)} y1={y} y2={y + rowHeight - 4} class="chart-tick" />
            )}
            <text x={x(r.percent) + 4} y={y + 14} class="chart-value">
              {r.percent} %
            </text>
          </g>
        );
      })}
      <line x1={x(100)} x2={x(100)} y1={0} y2={height - 16} class="chart-reference" />
      <text x={x(100)} y={height - 4} text-anchor="middle" class="chart-label">
        {reference}
      </text>
    </svg>
  );
}
