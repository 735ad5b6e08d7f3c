// ailb web client: chat over the balancer's WebSocket (/ws, the same JSON
// messages as the TCP protocol, one per text frame) and a live dashboard fed
// by server-sent events (/api/events). No dependencies, works offline.
"use strict";

const $ = (selector) => document.querySelector(selector);
const log = $("#log");
const form = $("#ask");
const prompt = $("#prompt");
const sendButton = $("#send");
const stopButton = $("#stop");
const conn = $("#conn");

if (location.pathname === "/dashboard") document.body.classList.add("dashboard-only");
const current = location.pathname === "/dashboard" ? "#nav-dashboard" : "#nav-chat";
$(current).setAttribute("aria-current", "page");

// --------------------------------------------------------------- token ----
// With --token the balancer wants it on /ws, /api/* and /metrics. A ?token= in
// the address is moved to sessionStorage and out of the visible URL and history.

const TOKEN_KEY = "ailb-token";
const query = new URLSearchParams(location.search);
if (query.has("token")) {
  sessionStorage.setItem(TOKEN_KEY, query.get("token"));
  query.delete("token");
  history.replaceState(null, "", location.pathname + (query.size ? `?${query}` : "") + location.hash);
}

function withToken(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

$("#token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("#token").value);
  location.reload();
});

/** Shows the token prompt and resolves false when the balancer refuses us. */
async function authorized() {
  const response = await fetch(withToken("/api/status"));
  await response.body?.cancel();
  if (response.status !== 401) return true;
  const form = $("#token-form");
  form.hidden = false;
  $("main").hidden = true;
  if (sessionStorage.getItem(TOKEN_KEY)) $("#token-error").textContent = "That token was refused.";
  setConn("down", "Token needed");
  $("#token").focus();
  return false;
}

// ---------------------------------------------------------------- chat ----

let socket;
let reconnectDelay = 500;
let nextId = 1;
/** The generation in flight (one at a time keeps Stop unambiguous). */
let active;

function setConn(state, text) {
  conn.dataset.state = state;
  conn.textContent = text;
}

function connect() {
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${withToken("/ws")}`;
  socket = new WebSocket(url);
  setConn("connecting", "Connecting…");
  socket.addEventListener("open", () => {
    reconnectDelay = 500;
    setConn("up", "Connected");
    updateButtons();
  });
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      console.error("ailb: the balancer sent a frame that is not JSON", event.data);
      return;
    }
    onMessage(message);
  });
  socket.addEventListener("close", () => {
    if (active) fail(active, "connection_lost", "the connection to the balancer closed mid-answer");
    setConn("down", `Disconnected — retrying in ${Math.round(reconnectDelay / 100) / 10} s`);
    updateButtons();
    setTimeout(connect, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, 10_000);
  });
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
}

function addTurn(text) {
  $("#log-empty")?.remove();
  const turn = el("li", "turn");
  const answer = el("div", "answer");
  answer.setAttribute("aria-busy", "true");
  const body = el("p", "text");
  body.append(el("span", "echo", text), el("span", "continuation"), el("span", "caret"));
  const meta = el("p", "meta", "Waiting for a server…");
  answer.append(body, meta);
  turn.append(answer);
  log.append(turn);
  scrollToEnd();
  return turn;
}

function send() {
  const text = prompt.value.trim();
  if (!text || active || socket?.readyState !== WebSocket.OPEN) return;
  const maxTokens = Number($("#max-tokens").value);
  const temperature = Number($("#temperature").value);
  const id = `w${nextId++}`;
  const message = {
    type: "generate",
    id,
    prompt: text,
    params: { max_tokens: maxTokens, temperature },
    cache: !$("#bypass-cache").checked,
  };
  active = { id, turn: addTurn(text), chunks: 0, tokens: 0 };
  socket.send(JSON.stringify(message));
  prompt.value = "";
  updateButtons();
}

function stop() {
  if (!active || socket?.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify({ type: "cancel", id: active.id }));
  active.turn.querySelector(".meta").textContent = "Stopping…";
}

function finish(entry) {
  entry.turn.querySelector(".answer").removeAttribute("aria-busy");
  entry.turn.querySelector(".caret")?.remove();
  if (active === entry) active = undefined;
  updateButtons();
  scrollToEnd();
}

const ERROR_HINTS = {
  no_backend: "No server was available in time. Start one with “ailb serve PORT”.",
  overloaded: "The balancer is overloaded; try again in a moment.",
  invalid_params: "A generation setting is out of range.",
  backend_lost: "The server answering went away mid-answer.",
  cancelled: "Stopped.",
};

function fail(entry, code, text) {
  const answer = entry.turn.querySelector(".answer");
  answer.classList.add(code === "cancelled" ? "stopped" : "error");
  const meta = answer.querySelector(".meta");
  meta.replaceChildren();
  const hint = ERROR_HINTS[code];
  meta.append(el("strong", "code", code === "cancelled" ? "Stopped" : `Error: ${code}`));
  meta.append(` — ${code === "cancelled" ? `after ${entry.tokens} tokens` : text}`);
  if (hint && code !== "cancelled") meta.append(el("span", "hint", ` ${hint}`));
  finish(entry);
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function onMessage(message) {
  if (message.type === "error" && (!active || message.id !== active.id)) {
    // Not tied to the request on screen (bad input, a stale id): still show it.
    const note = el("li", "turn notice error", `Balancer: ${message.code} — ${message.message}`);
    $("#log-empty")?.remove();
    log.append(note);
    scrollToEnd();
    return;
  }
  if (!active || message.id !== active.id) return;
  const entry = active;
  if (message.type === "chunk") {
    entry.chunks++;
    entry.tokens += message.tokens ?? 0;
    entry.turn.querySelector(".continuation").append(message.text);
    entry.turn.querySelector(".meta").textContent = `Streaming… ${entry.tokens} tokens`;
    scrollToEnd();
  } else if (message.type === "done") {
    const stats = message.stats;
    const meta = entry.turn.querySelector(".meta");
    meta.replaceChildren();
    meta.append(el("span", "badge backend", stats.backend));
    if (stats.cached) {
      const similarity = stats.similarity === undefined ? "" : ` · similarity ${stats.similarity.toFixed(3)}`;
      meta.append(el("span", "badge cached", `cached${similarity}`));
    }
    meta.append(
      el("span", "stat", `first token ${formatMs(stats.ttft_ms)}`),
      el("span", "stat", `total ${formatMs(stats.total_ms)}`),
      el("span", "stat", `${stats.tokens} tokens`),
    );
    finish(entry);
  } else if (message.type === "error") {
    fail(entry, message.code, message.message);
  }
}

function updateButtons() {
  const open = socket?.readyState === WebSocket.OPEN;
  sendButton.disabled = !open || Boolean(active);
  stopButton.disabled = !open || !active;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  send();
});
stopButton.addEventListener("click", stop);
prompt.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && active) stop();
});
const temperature = $("#temperature");
temperature.addEventListener("input", () => $("#temperature-out").textContent = temperature.value);

// ----------------------------------------------------------- dashboard ----

const feedPill = $("#feed");

function heartbeatAge(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const COLUMN_LABELS = ["State", "Active", "Queue", "Served", "Tok/s", "Heartbeat"];

function renderBackends(backends) {
  const body = $("#backends tbody");
  if (!backends.length) {
    const row = el("tr", "empty");
    const cell = el("td", "", "No servers registered. Start one with “ailb serve 9001 --lb HOST:PORT”.");
    cell.colSpan = 7;
    row.append(cell);
    body.replaceChildren(row);
    return;
  }
  body.replaceChildren(...backends.map((b) => {
    const row = el("tr");
    row.dataset.backend = b.name;
    const name = el("th", "name", b.name);
    name.scope = "row";
    name.title = `${b.id} · ${b.model} (${b.engine})`;
    const state = el("td");
    state.append(el("span", `state ${b.state === "up" ? "up" : "down"}`, b.state));
    const stale = b.state !== "down" && b.silent_ms > 1500;
    const cells = [
      state,
      el("td", "num", String(b.in_flight)),
      el("td", "num", String(b.queued)),
      el("td", "num", String(b.served)),
      el("td", "num", String(b.tokens_per_s)),
      el("td", `num${stale ? " stale" : ""}`, heartbeatAge(b.silent_ms)),
    ];
    // Labels for the stacked phone layout, where the header row is hidden.
    cells.forEach((cell, i) => cell.dataset.label = COLUMN_LABELS[i]);
    row.append(name, ...cells);
    return row;
  }));
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Bars: requests per second; line: mean latency of the requests ending in that second. */
function renderChart(series) {
  const chart = $("#chart");
  const width = 320, height = 100, top = 12, bottom = 14;
  const plot = height - top - bottom;
  const maxRequests = Math.max(1, ...series.map((s) => s.requests));
  const maxLatency = Math.max(1, ...series.map((s) => s.latency_ms));
  const step = width / series.length;
  const nodes = [svg("line", { x1: 0, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" })];
  series.forEach((s, i) => {
    if (!s.requests) return;
    const h = (s.requests / maxRequests) * plot;
    nodes.push(svg("rect", {
      x: i * step + 0.5,
      y: height - bottom - h,
      width: Math.max(1, step - 1),
      height: h,
      class: s.errors ? "bar has-errors" : "bar",
    }));
  });
  const points = series
    .map((s, i) =>
      s.requests ? `${i * step + step / 2},${height - bottom - (s.latency_ms / maxLatency) * plot}` : ""
    )
    .filter(Boolean);
  if (points.length > 1) nodes.push(svg("polyline", { points: points.join(" "), class: "latency" }));
  for (const p of points) {
    const [cx, cy] = p.split(",");
    nodes.push(svg("circle", { cx, cy, r: 1.6, class: "latency-dot" }));
  }
  const label = (x, text, anchor) => {
    const node = svg("text", { x, y: height - 3, "text-anchor": anchor, class: "tick" });
    node.textContent = text;
    return node;
  };
  nodes.push(label(2, "-60 s", "start"), label(width - 2, "now", "end"));
  const peak = svg("text", { x: 2, y: top + 2, class: "tick" });
  const total = series.reduce((sum, s) => sum + s.requests, 0);
  peak.textContent = total ? `peak ${maxRequests} req/s · ${formatMs(maxLatency)}` : "waiting for traffic";
  nodes.push(peak);
  chart.replaceChildren(...nodes);
  $("#chart-summary").textContent = total ? `(${total} requests)` : "(no traffic yet)";
}

function renderStatus({ status, history }) {
  const rps = history.summary.finished_per_s;
  const series = history.points.map((p) => ({
    requests: p.finished,
    errors: p.errors,
    latency_ms: p.total_p50 ?? 0,
  }));
  const up = status.backends.filter((b) => b.state === "up").length;
  $("#t-strategy").textContent = status.strategy.replace(/[_-]/g, " ");
  $("#t-up").textContent = `${up} / ${status.backends.length}`;
  $("#t-up").classList.toggle("bad", up === 0);
  $("#t-rps").textContent = rps.toFixed(1);
  $("#t-queued").textContent = String(status.queue.waiting);
  $("#t-served").textContent = String(status.counters.completed);
  const cache = status.cache;
  if (!cache) $("#t-cache").textContent = "off";
  else {
    const rate = cache.hit_rate === null ? "no lookups" : `${Math.round(cache.hit_rate * 100)}% hits`;
    $("#t-cache").textContent = `${cache.entries} ${cache.entries === 1 ? "entry" : "entries"} · ${rate}`;
  }
  renderBackends(status.backends);
  renderChart(series);
}

function follow() {
  const events = new EventSource(withToken("/api/events"));
  events.addEventListener("open", () => {
    feedPill.dataset.state = "up";
    feedPill.textContent = "live";
  });
  events.addEventListener("status", (event) => renderStatus(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    // EventSource reconnects by itself; say so rather than showing stale numbers as live.
    feedPill.dataset.state = "down";
    feedPill.textContent = "reconnecting…";
  });
}

authorized().then((ok) => {
  if (!ok) return;
  connect();
  follow();
}, (error) => setConn("down", `Balancer unreachable: ${error.message}`));
