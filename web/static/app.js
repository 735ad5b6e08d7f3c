// ailb web client: the entry point. Holds the two links to the balancer — the WebSocket the chat sends
// prompts over (/ws) and the live feed of server-sent events (/api/events) the dashboard and the chat's
// banners are drawn from — reconnects them with a visible countdown, and greys what is stale meanwhile.
// No dependencies, works offline.
import { Chat } from "./chat.js";
import { renderDashboard } from "./dashboard.js";

const $ = (selector) => document.querySelector(selector);
const dashboardOnly = location.pathname === "/dashboard";
if (dashboardOnly) document.body.classList.add("dashboard-only");
$(dashboardOnly ? "#nav-dashboard" : "#nav-chat").setAttribute("aria-current", "page");

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

function withToken(path, params = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const search = new URLSearchParams({ ...params, ...(token ? { token } : {}) });
  return search.size ? `${path}?${search}` : path;
}

$("#token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $("#token").value);
  location.reload();
});

// ---------------------------------------------------------- connection ----

const conn = $("#conn");
function setConn(state, text) {
  conn.dataset.state = state;
  conn.textContent = text;
}

/** Seconds before each reconnection attempt; the last one repeats. */
const BACKOFF_S = [0.5, 1, 2, 3, 5];

const link = {
  socket: undefined,
  events: undefined,
  attempt: 0,
  retryAt: undefined,
  retryTimer: undefined,
  countdown: undefined,
  lostAt: undefined,
  lastStatus: undefined,
};

const chat = new Chat({
  send: (message) => {
    if (link.socket?.readyState !== WebSocket.OPEN) return false;
    link.socket.send(JSON.stringify(message));
    return true;
  },
  isOpen: () => link.socket?.readyState === WebSocket.OPEN,
});

function connect() {
  clearTimeout(link.retryTimer);
  clearInterval(link.countdown);
  link.retryAt = undefined;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${withToken("/ws")}`;
  const socket = new WebSocket(url);
  link.socket = socket;
  setConn("connecting", "Connecting…");
  $("#retry-status").textContent = "Connecting…";
  socket.addEventListener("open", () => {
    link.attempt = 0;
    link.lostAt = undefined;
    $("#offline").hidden = true;
    document.body.classList.remove("offline");
    showConnected();
    follow();
    chat.onConnection(true);
  });
  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      console.error("ailb: the balancer sent a frame that is not JSON", event.data);
      return;
    }
    chat.onMessage(message);
  });
  socket.addEventListener("close", () => {
    if (link.socket !== socket) return;
    chat.onConnection(false);
    offline();
  });
}

function showConnected() {
  const up = link.lastStatus?.backends.filter((b) => b.state === "up").length;
  if (up === 0) setConn("connecting", "Connected · no server up");
  else setConn("up", "Connected");
}

/** The balancer went away: grey the numbers, say so, and count down to the next attempt. */
function offline() {
  link.events?.close();
  link.events = undefined;
  link.lostAt ??= Date.now();
  document.body.classList.add("offline");
  $("#offline").hidden = false;
  $("#offline-since").textContent = new Date(link.lostAt).toLocaleTimeString();
  const delay = BACKOFF_S[Math.min(link.attempt, BACKOFF_S.length - 1)] * 1000;
  link.attempt++;
  link.retryAt = Date.now() + delay;
  link.retryTimer = setTimeout(connect, delay);
  const tick = () => {
    const left = Math.max(0, (link.retryAt - Date.now()) / 1000);
    const text = `Retrying in ${left.toFixed(left < 10 ? 1 : 0)} s`;
    $("#retry-status").textContent = text;
    setConn("down", `Disconnected — ${text.toLowerCase()}`);
  };
  tick();
  clearInterval(link.countdown);
  link.countdown = setInterval(tick, 100);
}

$("#retry-now").addEventListener("click", () => {
  if (link.socket?.readyState === WebSocket.CONNECTING) return;
  connect();
});

// ------------------------------------------------------------ live feed ---

const WINDOW_KEY = "ailb-window";
let windowName = ["1m", "15m", "1h"].includes(localStorage.getItem(WINDOW_KEY))
  ? localStorage.getItem(WINDOW_KEY)
  : "1m";
for (const input of document.querySelectorAll("input[name=window]")) {
  input.checked = input.value === windowName;
  input.addEventListener("change", () => {
    windowName = input.value;
    localStorage.setItem(WINDOW_KEY, windowName);
    follow();
  });
}

function follow() {
  link.events?.close();
  const events = new EventSource(withToken("/api/events", { window: windowName }));
  link.events = events;
  const pill = $("#feed");
  events.addEventListener("open", () => {
    pill.dataset.state = "up";
    pill.textContent = "live";
  });
  events.addEventListener("status", (event) => {
    const data = JSON.parse(event.data);
    link.lastStatus = data.status;
    if (link.socket?.readyState === WebSocket.OPEN) showConnected();
    chat.onStatus(data.status);
    renderDashboard(data);
    $("#updated").textContent = new Date().toLocaleTimeString();
  });
  events.addEventListener("error", () => {
    // The browser would retry on its own schedule; ours (with the countdown) is the WebSocket's.
    events.close();
    if (link.events !== events) return;
    pill.dataset.state = "down";
    pill.textContent = "paused";
    if (link.socket?.readyState === WebSocket.OPEN) {
      setTimeout(() => link.events === events && follow(), 1000);
    }
  });
}

// --------------------------------------------------------------- start ----

/** Shows the token prompt and resolves false when the balancer refuses us. */
async function authorized() {
  const response = await fetch(withToken("/api/status"));
  if (response.ok) {
    const status = await response.json(); // read to the end: a cancelled body shows up in the server's log
    link.lastStatus = status;
    chat.onStatus(status);
    return true;
  }
  await response.text();
  if (response.status !== 401) throw new Error(`the balancer answered ${response.status}`);
  $("#token-form").hidden = false;
  $("main").hidden = true;
  if (sessionStorage.getItem(TOKEN_KEY)) $("#token-error").textContent = "That token was refused.";
  setConn("down", "Token needed");
  $("#token").focus();
  return false;
}

if (!dashboardOnly) $("#prompt").focus();
authorized().then((ok) => {
  if (ok) connect();
}, () => {
  // Unreachable from the start: the same banner and countdown as a lost connection.
  offline();
});
