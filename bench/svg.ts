/**
 * Tiny SVG bar charts for BENCHMARKS.md: grouped bars (one group per category, one bar per series) or
 * stacked bars (shares adding up to 100%). Output, not a library: just enough to draw the benchmark figures.
 *
 * @module
 */

/** One series of a chart: a name and one value per category. */
export interface Series {
  name: string;
  values: number[];
}

/** Options of {@link barChart}. */
export interface ChartOptions {
  title: string;
  categories: string[];
  series: Series[];
  /** Axis label, e.g. "ms". */
  unit: string;
  /** Stack the series (shares) instead of grouping them. */
  stacked?: boolean;
  /** Format of a value printed on its bar. */
  format?: (value: number) => string;
}

const COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1"];

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A "nice" axis maximum at or above `value`. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Renders a bar chart as a standalone SVG document. */
export function barChart(options: ChartOptions): string {
  const { categories, series, stacked = false } = options;
  const format = options.format ?? ((v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)));
  const width = 760;
  const height = 360;
  const left = 70;
  const right = 20;
  const top = 40;
  const bottom = 70;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = categories.map((_, c) => series.reduce((sum, s) => sum + s.values[c], 0));
  const max = niceMax(stacked ? Math.max(...totals) : Math.max(...series.flatMap((s) => s.values)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const groupW = plotW / categories.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${
      escape(options.title)
    }</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${format(v)}</text>`,
    );
  }
  parts.push(
    `<text x="16" y="${top + plotH / 2}" transform="rotate(-90 16 ${
      top + plotH / 2
    })" text-anchor="middle" ` +
      `fill="#555">${escape(options.unit)}</text>`,
  );
  categories.forEach((category, c) => {
    const x0 = left + c * groupW;
    parts.push(
      `<text x="${x0 + groupW / 2}" y="${top + plotH + 18}" text-anchor="middle">${escape(category)}</text>`,
    );
    if (stacked) {
      const barW = groupW * 0.5;
      let base = 0;
      series.forEach((s, i) => {
        const v = s.values[c];
        const y1 = y(base + v);
        parts.push(
          `<rect x="${x0 + (groupW - barW) / 2}" y="${y1}" width="${barW}" height="${y(base) - y1}" fill="${
            COLORS[i % COLORS.length]
          }"><title>${escape(`${s.name}: ${format(v)}`)}</title></rect>`,
        );
        if (y(base) - y1 > 14) {
          parts.push(
            `<text x="${x0 + groupW / 2}" y="${(y1 + y(base)) / 2 + 4}" text-anchor="middle" fill="white">${
              format(v)
            }</text>`,
          );
        }
        base += v;
      });
    } else {
      const barW = (groupW * 0.8) / series.length;
      series.forEach((s, i) => {
        const v = s.values[c];
        const x = x0 + groupW * 0.1 + i * barW;
        parts.push(
          `<rect x="${x}" y="${y(v)}" width="${barW - 2}" height="${top + plotH - y(v)}" fill="${
            COLORS[i % COLORS.length]
          }"><title>${escape(`${s.name}: ${format(v)}`)}</title></rect>`,
          `<text x="${x + barW / 2 - 1}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${
            format(v)
          }</text>`,
        );
      });
    }
  });
  // Legend.
  let lx = left;
  series.forEach((s, i) => {
    parts.push(
      `<rect x="${lx}" y="${height - 28}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${lx + 16}" y="${height - 18}">${escape(s.name)}</text>`,
    );
    lx += 24 + s.name.length * 7;
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
