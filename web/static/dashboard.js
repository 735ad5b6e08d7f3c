// ailb web UI: the live dashboard. Everything here is drawn from the balancer's feed:
// `{ status, history }` (see lib/balancer/status.ts and web/history.ts).
import { Chart } from "./charts.js";

const $ = (selector) => document.querySelector(selector);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatMs(ms) {
  if (ms === null || ms === undefined) return "—";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function percent(rate) {
  return rate === null || rate === undefined
    ? "—"
    : `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0)}%`;
}

function number(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 1 : 0);
}

/** "4.2 s ago", "3 min ago" from an ISO time. */
export function ago(iso, now = Date.now()) {
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${(s / 3600).toFixed(1)} h ago`;
}

function clock(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

// ------------------------------------------------------------------ tiles ---

function setTile(id, text, { bad = false, title } = {}) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("bad", bad);
  if (title) node.title = title;
}

function renderTiles(status, history) {
  const live = status.backends.filter((b) => b.state !== "down");
  const up = status.backends.filter((b) => b.state === "up").length;
  const others = ["down", "draining", "ejected"]
    .map((state) => [state, status.backends.filter((b) => b.state === state).length])
    .filter(([, n]) => n)
    .map(([state, n]) => `${n} ${state}`);
  setTile("#t-up", `${up} / ${status.backends.length}${others.length ? ` (${others.join(", ")})` : ""}`, {
    bad: up === 0,
  });
  setTile("#t-inflight", String(live.reduce((n, b) => n + b.in_flight, 0)));
  setTile("#t-queued", String(status.queue.waiting), {
    bad: status.queue.waiting > 0 && up === 0,
    title: `at most ${status.queue.max}; each waits up to ${status.queue.timeout_ms / 1000} s`,
  });
  setTile("#t-server-queued", String(live.reduce((n, b) => n + b.queued, 0)));
  const s = history.summary;
  setTile("#t-rps", `${number(s.started_per_s)} / ${number(s.finished_per_s)}`);
  setTile("#t-errors", percent(s.error_rate), { bad: (s.error_rate ?? 0) > 0 });
  const cache = status.cache;
  setTile(
    "#t-cache",
    !cache
      ? "off"
      : `${percent(s.cache_hit_rate)} · ${cache.entries} ${cache.entries === 1 ? "entry" : "entries"}`,
    {
      title: cache
        ? `since start: ${percent(cache.hit_rate)} of ${
          cache.hits + cache.misses
        } lookups; threshold ${cache.settings.threshold}`
        : undefined,
    },
  );
  setTile("#t-strategy", status.strategy.replace(/[-_]/g, " "));
  $("#t-version").textContent = `ailb ${status.version} · up since ${clock(status.started_at)}`;
}

// ---------------------------------------------------------------- servers ---

const COLUMN_LABELS = ["State", "Since", "Last heard", "In flight", "Queued", "Served", "Failed", "Tok/s"];

function renderServers(servers) {
  const body = $("#backends tbody");
  if (!servers.length) {
    const row = el("tr", "empty");
    const cell = el("td", "", "No servers registered. Start one with “ailb serve 9001 --lb HOST:PORT”.");
    cell.colSpan = 9;
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  const now = Date.now();
  body.replaceChildren(...servers.map((b) => {
    const row = el("tr", `server ${b.state}`);
    row.dataset.backend = b.name;
    const name = el("th", "name");
    name.scope = "row";
    name.append(el("span", "", b.name));
    name.title = `${b.id} · ${b.model} (${b.engine})`;
    if (b.reason) name.append(el("span", "reason", b.reason));
    const state = el("td");
    const badge = el("span", `state ${b.state}`);
    badge.append(el("span", "dot", "●"), b.state);
    badge.firstChild.setAttribute("aria-hidden", "true");
    state.append(badge);
    const silentStale = b.state !== "down" && b.silent_ms > 1500;
    const cells = [
      state,
      el("td", "", ago(b.since, now).replace(" ago", "")),
      el(
        "td",
        silentStale ? "stale" : "",
        b.state === "down" ? clock(b.last_heartbeat) : ago(b.last_heartbeat, now),
      ),
      el("td", "num", String(b.in_flight)),
      el("td", "num", String(b.queued)),
      el("td", "num", String(b.served)),
      el("td", "num", String(b.failed)),
      el("td", "num", String(b.tokens_per_s)),
    ];
    cells[1].title = new Date(b.since).toLocaleString();
    cells[2].title = new Date(b.last_heartbeat).toLocaleString();
    // Labels for the stacked phone layout, where the header row is hidden.
    cells.forEach((cell, i) => cell.dataset.label = COLUMN_LABELS[i]);
    row.append(name, ...cells);
    return row;
  }));
}

// ---------------------------------------------------------------- latency ---

function renderLatency(latency) {
  const rows = [
    ["Generated", "first token", latency.generated.ttft],
    ["Generated", "total", latency.generated.total],
    ["Cached", "first token", latency.cached.ttft],
    ["Cached", "total", latency.cached.total],
  ];
  $("#latency tbody").replaceChildren(...rows.map(([kind, what, p]) => {
    const row = el("tr");
    const head = el("th", "", `${kind} · ${what}`);
    head.scope = "row";
    row.append(
      head,
      el("td", "num", formatMs(p.p50)),
      el("td", "num", formatMs(p.p95)),
      el("td", "num", formatMs(p.p99)),
      el("td", "num", String(p.count)),
    );
    return row;
  }));
}

// ----------------------------------------------------------------- recent ---

const OUTCOME_LABELS = { ok: "ok", cancelled: "stopped", no_backend: "no server", lost: "lost" };

function renderRecent(recent) {
  const body = $("#recent tbody");
  if (!recent.length) {
    const row = el("tr", "empty");
    const cell = el("td", "", "No requests in this window yet.");
    cell.colSpan = 8;
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...recent.map((r) => {
    const row = el("tr", r.outcome === "ok" ? "" : r.outcome === "cancelled" ? "stopped" : "failed");
    const prompt = el("td", "prompt", r.prompt);
    prompt.title = r.prompt;
    row.append(
      el("td", "", clock(r.at)),
      prompt,
      el("td", "", r.backend ?? "—"),
      el("td", "", r.cache ?? "no"),
      el("td", "num", formatMs(r.ttft_ms)),
      el("td", "num", String(r.tokens)),
      el("td", "num", r.tokens_per_s === null ? "—" : String(r.tokens_per_s)),
      el("td", "", OUTCOME_LABELS[r.outcome] ?? r.outcome),
    );
    return row;
  }));
}

// ----------------------------------------------------------------- charts ---

let charts;

function setupCharts() {
  charts = {
    requests: new Chart($("#chart-requests"), { label: "Requests per second started, finished and failed" }),
    latency: new Chart($("#chart-latency"), { label: "Latency percentiles of generated answers" }),
    inflight: new Chart($("#chart-inflight"), { label: "Requests in flight per server" }),
    queued: new Chart($("#chart-queued"), { label: "Requests queued at the balancer and at each server" }),
  };
}

function renderCharts(status, history) {
  charts ??= (setupCharts(), charts);
  const points = history.points;
  const times = points.map((p) => p.t);
  const stepMs = history.step_ms;
  const perSecond = (v) => v / (stepMs / 1000);
  const rateFormat = (v) => `${number(v)}/s`;
  charts.requests.update({
    times,
    stepMs,
    format: rateFormat,
    series: [
      { name: "failed", kind: "bars", tone: "bad", values: points.map((p) => perSecond(p.errors)) },
      { name: "started", kind: "line", tone: 0, values: points.map((p) => perSecond(p.started)) },
      { name: "finished", kind: "line", tone: 1, values: points.map((p) => perSecond(p.finished)) },
    ],
  });
  charts.latency.update({
    times,
    stepMs,
    format: formatMs,
    series: [
      { name: "first token p50", kind: "line", tone: 3, values: points.map((p) => p.ttft_p50) },
      { name: "total p50", kind: "line", tone: 0, values: points.map((p) => p.total_p50) },
      { name: "total p95", kind: "line", tone: 2, values: points.map((p) => p.total_p95) },
      { name: "total p99", kind: "line", tone: "bad", values: points.map((p) => p.total_p99) },
    ],
  });
  // Per-server series: every server seen in the window, live ones first.
  const ids = [
    ...new Set([...status.backends.map((b) => b.id), ...points.flatMap((p) => Object.keys(p.servers))]),
  ];
  const nameOf = new Map(status.backends.map((b) => [b.id, b.name]));
  const perServer = (field) =>
    ids.map((id, i) => ({
      name: nameOf.get(id) ?? id,
      kind: "line",
      tone: i % 8,
      values: points.map((p) => p.servers[id]?.[field] ?? null),
    }));
  charts.inflight.update({ times, stepMs, format: number, series: perServer("in_flight") });
  charts.queued.update({
    times,
    stepMs,
    format: number,
    series: [
      { name: "balancer", kind: "bars", tone: "bad", values: points.map((p) => p.waiting) },
      ...perServer("queued"),
    ],
  });
}

/** Draws one feed message. */
export function renderDashboard({ status, history }) {
  renderTiles(status, history);
  renderServers(status.backends);
  renderLatency(history.summary.latency);
  renderRecent(history.recent);
  renderCharts(status, history);
}
