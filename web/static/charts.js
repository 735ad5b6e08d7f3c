// ailb web UI: small time-series charts drawn as SVG at the size they are shown, so labels stay readable
// (11 px) at every width. Axes with values, a legend, gaps where there is no data, and hover values.
// No dependencies.

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 170;
const MARGIN = { top: 10, right: 10, bottom: 22, left: 46 };

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Round axis ticks (1, 2, 2.5, 5 × 10^k) covering 0..max. */
export function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(Number(v.toPrecision(6)));
  if (ticks.at(-1) < max) ticks.push(Number((ticks.at(-1) + step).toPrecision(6)));
  return ticks;
}

/** "−45 s", "−10 min", "now" relative to the last point. */
function relative(ms) {
  if (ms <= 0) return "now";
  if (ms < 120_000) return `−${Math.round(ms / 1000)} s`;
  return `−${Math.round(ms / 60_000)} min`;
}

function clock(t) {
  return new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/**
 * A chart in `figure`: a legend, an SVG sized to the figure, and a hover readout.
 * `update({ times, stepMs, series, format })` redraws it; series are
 * `{ name, values: (number|null)[], kind: "line" | "bars", tone }` where tone is a palette index
 * (0–7) or "bad". Null values leave a gap in lines.
 */
export class Chart {
  constructor(figure, { label }) {
    this.figure = figure;
    this.label = label;
    this.legend = document.createElement("ul");
    this.legend.className = "legend";
    this.plot = document.createElement("div");
    this.plot.className = "plot";
    this.readout = document.createElement("div");
    this.readout.className = "readout";
    this.readout.hidden = true;
    this.readout.setAttribute("role", "status");
    this.plot.append(this.readout);
    figure.prepend(this.legend, this.plot);
    this.data = undefined;
    this.hover = undefined;
    new ResizeObserver(() => this.draw()).observe(this.plot);
    this.plot.addEventListener("pointermove", (event) => this.#onPointer(event));
    this.plot.addEventListener("pointerleave", () => {
      this.hover = undefined;
      this.draw();
    });
    // Keyboard: focus the chart, then ← → move through the points (Home/End jump) and show their values.
    this.plot.tabIndex = 0;
    this.plot.setAttribute("aria-label", `${label}: use the arrow keys to read the values`);
    this.plot.addEventListener("keydown", (event) => this.#onKey(event));
    this.plot.addEventListener("blur", () => {
      this.hover = undefined;
      this.draw();
    });
  }

  update(data) {
    this.data = data;
    this.#drawLegend();
    this.draw();
  }

  #drawLegend() {
    const { series, format } = this.data;
    this.legend.replaceChildren(...series.map((s) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = `swatch ${s.kind} tone-${s.tone}`;
      swatch.setAttribute("aria-hidden", "true");
      const last = [...s.values].reverse().find((v) => v !== null && v !== undefined);
      item.append(swatch, `${s.name}`);
      const value = document.createElement("span");
      value.className = "latest";
      value.textContent = last === undefined ? "" : ` ${format(last)}`;
      item.append(value);
      return item;
    }));
  }

  #geometry() {
    const width = Math.max(160, Math.floor(this.plot.clientWidth));
    const height = width < 420 ? HEIGHT - 30 : HEIGHT;
    const { times, series } = this.data;
    const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined)));
    const ticks = niceTicks(max);
    const top = ticks.at(-1) || 1;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = height - MARGIN.top - MARGIN.bottom;
    const step = plotW / Math.max(1, times.length);
    const x = (i) => MARGIN.left + i * step + step / 2;
    const y = (v) => MARGIN.top + plotH - (v / top) * plotH;
    return { width, height, ticks, plotW, plotH, step, x, y };
  }

  draw() {
    if (!this.data) return;
    const { times, stepMs, series, format } = this.data;
    const g = this.#geometry();
    const root = svg("svg", {
      width: g.width,
      height: g.height,
      viewBox: `0 0 ${g.width} ${g.height}`,
      role: "img",
      "aria-label": this.label,
    });
    // Y axis: grid lines with values.
    for (const tick of g.ticks) {
      const ty = g.y(tick);
      root.append(
        svg("line", { x1: MARGIN.left, x2: g.width - MARGIN.right, y1: ty, y2: ty, class: "grid" }),
      );
      const text = svg("text", { x: MARGIN.left - 6, y: ty + 4, "text-anchor": "end", class: "tick" });
      text.textContent = format(tick);
      root.append(text);
    }
    // X axis: five relative times.
    const span = times.length * stepMs;
    const labels = g.width < 420 ? 3 : 5;
    for (let k = 0; k < labels; k++) {
      const i = Math.round((k / (labels - 1)) * (times.length - 1));
      const anchor = k === 0 ? "start" : k === labels - 1 ? "end" : "middle";
      const text = svg("text", {
        x: k === 0 ? MARGIN.left : k === labels - 1 ? g.width - MARGIN.right : g.x(i),
        y: g.height - 6,
        "text-anchor": anchor,
        class: "tick",
      });
      text.textContent = k === 0 ? relative(span - stepMs) : relative((times.length - 1 - i) * stepMs);
      root.append(text);
    }
    // Bars first, lines over them.
    const bars = series.filter((s) => s.kind === "bars");
    const barW = Math.max(1, (g.step - 1) / Math.max(1, bars.length));
    bars.forEach((s, b) => {
      s.values.forEach((v, i) => {
        if (!v) return;
        root.append(svg("rect", {
          x: MARGIN.left + i * g.step + 0.5 + b * barW,
          y: g.y(v),
          width: barW,
          height: g.y(0) - g.y(v),
          class: `bar tone-${s.tone}`,
        }));
      });
    });
    for (const s of series.filter((s) => s.kind === "line")) {
      // One path with a move at every gap, so idle stretches show as gaps, not straight lines.
      let d = "";
      let pen = false;
      const dots = [];
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) {
          pen = false;
          return;
        }
        d += `${pen ? "L" : "M"}${g.x(i).toFixed(1)},${g.y(v).toFixed(1)}`;
        const prev = s.values[i - 1], next = s.values[i + 1];
        // A lone point (data on both sides missing) would be invisible as a path: draw it as a dot.
        if ((prev === null || prev === undefined) && (next === null || next === undefined)) dots.push(i);
        pen = true;
      });
      if (d) root.append(svg("path", { d, class: `line tone-${s.tone}` }));
      for (const i of dots) {
        root.append(svg("circle", { cx: g.x(i), cy: g.y(s.values[i]), r: 2.5, class: `dot tone-${s.tone}` }));
      }
    }
    root.append(svg("line", {
      x1: MARGIN.left,
      x2: g.width - MARGIN.right,
      y1: g.y(0),
      y2: g.y(0),
      class: "axis",
    }));
    if (this.hover !== undefined && this.hover < times.length) {
      const hx = g.x(this.hover);
      root.append(svg("line", { x1: hx, x2: hx, y1: MARGIN.top, y2: g.y(0), class: "crosshair" }));
      this.#showReadout(hx, g);
    } else {
      this.readout.hidden = true;
    }
    this.plot.querySelector("svg")?.remove();
    this.plot.prepend(root);
  }

  #showReadout(hx, g) {
    const { times, series, format } = this.data;
    const i = this.hover;
    const lines = [clock(times[i])];
    for (const s of series) {
      const v = s.values[i];
      lines.push(`${s.name}: ${v === null || v === undefined ? "—" : format(v)}`);
    }
    this.readout.replaceChildren(...lines.map((text, n) => {
      const line = document.createElement(n === 0 ? "strong" : "span");
      line.textContent = text;
      return line;
    }));
    this.readout.hidden = false;
    const left = hx + 12 + 180 > g.width ? Math.max(0, hx - 12 - this.readout.offsetWidth) : hx + 12;
    this.readout.style.left = `${left}px`;
  }

  #onKey(event) {
    if (!this.data) return;
    const last = this.data.times.length - 1;
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const from = this.hover ?? last;
    this.hover = Math.max(0, Math.min(last, from + moves[event.key]));
    this.draw();
  }

  #onPointer(event) {
    if (!this.data) return;
    const g = this.#geometry();
    const box = this.plot.getBoundingClientRect();
    const i = Math.floor((event.clientX - box.left - MARGIN.left) / g.step);
    const next = i >= 0 && i < this.data.times.length ? i : undefined;
    if (next !== this.hover) {
      this.hover = next;
      this.draw();
    }
  }
}
