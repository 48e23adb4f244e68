import { useId, useState } from "react";

/**
 * A daily chart in plain SVG (a charting library would be most of a role's JavaScript budget): bars or a
 * line over the days, the y-axis from zero to a rounded maximum, the hovered (or, from the keyboard, the
 * focused: arrows, Home, End) day's date and value shown above it. Every plotted value is on its mark
 * (`data-value`), so a test can add up what is drawn.
 */
export function Chart({ title, days, value, kind, format, formatDate }: {
  title: string;
  days: { date: number }[];
  value: (index: number) => number;
  kind: "bar" | "line";
  format: (value: number) => string;
  formatDate: (date: number) => string;
}) {
  const id = useId();
  const [active, setActive] = useState<number>();
  const width = 720;
  const height = 200;
  const pad = { left: 56, right: 8, top: 8, bottom: 24 };
  const n = days.length;
  const values = days.map((_, i) => value(i));
  const max = niceMax(Math.max(0, ...values));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const step = plotW / Math.max(1, n);
  const x = (i: number) => pad.left + step * i + step / 2;
  const y = (v: number) => pad.top + plotH - (max === 0 ? 0 : (v / max) * plotH);
  const shown = active ?? n - 1;
  const pick = (clientX: number, rect: DOMRect) => {
    const px = ((clientX - rect.left) / rect.width) * width;
    setActive(Math.max(0, Math.min(n - 1, Math.floor((px - pad.left) / step))));
  };
  const ticks = [0, max / 2, max];
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <p className="chart-value" aria-live="polite">
        {n > 0 ? (
          <>
            <span className="meta">{formatDate(days[shown]!.date)}</span> <strong>{format(values[shown]!)}</strong>
          </>
        ) : null}
      </p>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={title}
        tabIndex={0}
        data-total={values.reduce((a, b) => a + b, 0)}
        onPointerMove={(e) => pick(e.clientX, e.currentTarget.getBoundingClientRect())}
        onPointerLeave={() => setActive(undefined)}
        onKeyDown={(e) => {
          const moves: Record<string, number> = { ArrowLeft: shown - 1, ArrowRight: shown + 1, Home: 0, End: n - 1 };
          if (e.key in moves) {
            e.preventDefault();
            setActive(Math.max(0, Math.min(n - 1, moves[e.key]!)));
          }
        }}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {format(tick)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <text key={d.date} x={x(i)} y={height - 6} textAnchor="middle" className="axis">
              {formatDate(d.date)}
            </text>
          ) : null,
        )}
        {kind === "bar"
          ? values.map((v, i) => (
              <rect key={days[i]!.date} className={i === shown ? "mark active" : "mark"} x={x(i) - Math.max(1, step * 0.35)} width={Math.max(1, step * 0.7)} y={y(v)} height={pad.top + plotH - y(v)} data-value={v} />
            ))
          : (
              <>
                <polyline className="line" fill="none" points={values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
                {values.map((v, i) => (
                  <circle key={days[i]!.date} className={i === shown ? "mark active" : "mark"} cx={x(i)} cy={y(v)} r={i === shown ? 4 : n > 60 ? 0 : 2} data-value={v} />
                ))}
              </>
            )}
        {n > 0 ? <line className="cursor" x1={x(shown)} x2={x(shown)} y1={pad.top} y2={pad.top + plotH} /> : null}
      </svg>
    </figure>
  );
}

/** A round axis maximum at or above `value` (1, 2 or 5 times a power of ten). */
export function niceMax(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}
