// ailb web UI: the chat. Sends `generate` messages over the balancer's WebSocket (the same JSON messages
// as the TCP protocol) and shows the answer as it streams, with where it came from and how fast.
import { formatMs } from "./dashboard.js";

const $ = (selector) => document.querySelector(selector);
const HISTORY_KEY = "ailb-history";
const HISTORY_MAX = 50;
const LIMITS = { maxTokens: [1, 2048], seed: [0, 2 ** 32 - 1] };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const ERROR_HINTS = {
  no_backend: "No server was available in time. Start one with “ailb serve PORT”.",
  overloaded: "The balancer is overloaded; try again in a moment.",
  invalid_params: "A generation setting is out of range.",
  backend_lost: "The server answering went away mid-answer.",
  shutting_down: "The balancer is shutting down.",
  connection_lost: "The page lost its connection to the balancer; your prompt is back in the box.",
};

/** Generation rate after the first token, or undefined when it cannot be measured. */
export function tokensPerSecond(stats) {
  if (stats.cached || stats.tokens < 2 || !(stats.total_ms > stats.ttft_ms)) return undefined;
  return (stats.tokens - 1) / ((stats.total_ms - stats.ttft_ms) / 1000);
}

/** The chat panel; `send(message)` is the WebSocket's (returns false while disconnected). */
export class Chat {
  constructor({ send, isOpen }) {
    this.sendMessage = send;
    this.isOpen = isOpen;
    this.log = $("#log");
    this.prompt = $("#prompt");
    this.sendButton = $("#send");
    this.stopButton = $("#stop");
    this.nextId = 1;
    /** The generation in flight (one at a time keeps Stop unambiguous). */
    this.active = undefined;
    this.serversUp = undefined;
    this.queueTimeoutS = 30;

    $("#ask").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.stopButton.addEventListener("click", () => this.stop());
    this.prompt.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.active) this.stop();
    });
    const temperature = $("#temperature");
    temperature.addEventListener("input", () => $("#temperature-out").textContent = temperature.value);
    $("#clear-history").addEventListener("click", () => this.clearHistory());
    this.restoreHistory();
    this.updateButtons();
  }

  /** Called with every status snapshot from the live feed. */
  onStatus(status) {
    this.serversUp = status.backends.filter((b) => b.state === "up").length;
    this.queueTimeoutS = status.queue.timeout_ms / 1000;
    const banner = $("#no-server");
    banner.hidden = this.serversUp > 0;
    $("#no-server-timeout").textContent = `${this.queueTimeoutS} s`;
    if (this.active && !this.active.chunks) this.#waitingText(this.active);
  }

  /** Called when the balancer connection opens or closes. */
  onConnection(open) {
    if (!open && this.active) {
      this.#fail(this.active, "connection_lost", "the connection to the balancer closed mid-answer");
    }
    this.updateButtons();
  }

  updateButtons() {
    const open = this.isOpen();
    this.sendButton.disabled = !open || Boolean(this.active);
    this.stopButton.disabled = !open || !this.active;
  }

  // ------------------------------------------------------------- sending ---

  /** Reads and checks the settings; shows what is wrong and returns undefined when something is. */
  #params() {
    const error = $("#param-error");
    error.textContent = "";
    const problems = [];
    const integer = (input, [min, max], name, optional) => {
      const text = input.value.trim();
      if (optional && text === "") return undefined;
      const value = Number(text);
      if (text === "" || !Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max}.`);
        input.setAttribute("aria-invalid", "true");
        return undefined;
      }
      input.removeAttribute("aria-invalid");
      return value;
    };
    const maxTokens = integer($("#max-tokens"), LIMITS.maxTokens, "Max tokens", false);
    const seed = integer($("#seed"), LIMITS.seed, "Seed", true);
    const topPInput = $("#top-p");
    const topP = Number(topPInput.value);
    if (!(topP > 0 && topP <= 1)) {
      problems.push("Top-p must be more than 0 and at most 1.");
      topPInput.setAttribute("aria-invalid", "true");
    } else topPInput.removeAttribute("aria-invalid");
    if (problems.length) {
      error.textContent = problems.join(" ");
      return undefined;
    }
    return {
      max_tokens: maxTokens,
      temperature: Number($("#temperature").value),
      top_p: topP,
      ...(seed === undefined ? {} : { seed }),
    };
  }

  send() {
    const text = this.prompt.value.trim();
    if (!text || this.active || !this.isOpen()) return;
    const params = this.#params();
    if (!params) return; // the prompt stays in the box; the message says what to fix
    const preface = $("#preface").value;
    const id = `w${this.nextId++}`;
    const entry = {
      id,
      prompt: text,
      preface,
      turn: this.#addTurn(text),
      chunks: 0,
      tokens: 0,
      text: "",
    };
    this.active = entry;
    this.#waitingText(entry);
    this.sendMessage({
      type: "generate",
      id,
      prompt: preface + text,
      params,
      cache: !$("#bypass-cache").checked,
    });
    this.prompt.value = "";
    this.updateButtons();
  }

  stop() {
    if (!this.active || !this.isOpen()) return;
    this.sendMessage({ type: "cancel", id: this.active.id });
    this.active.turn.querySelector(".meta").textContent = "Stopping…";
  }

  #waitingText(entry) {
    const meta = entry.turn.querySelector(".meta");
    meta.textContent = this.serversUp === 0
      ? `No server is up: waiting up to ${this.queueTimeoutS} s for one…`
      : "Waiting for a server…";
  }

  // ----------------------------------------------------------- receiving ---

  onMessage(message) {
    if (message.type === "error" && (!this.active || message.id !== this.active.id)) {
      // Not tied to the request on screen (bad input, a stale id): still show it.
      this.#notice(`Balancer: ${message.code} — ${message.message}`);
      return;
    }
    if (!this.active || message.id !== this.active.id) return;
    const entry = this.active;
    if (message.type === "chunk") {
      entry.chunks++;
      entry.tokens += message.tokens ?? 0;
      entry.text += message.text;
      entry.turn.querySelector(".continuation").append(message.text);
      entry.turn.querySelector(".meta").textContent = `Streaming… ${entry.tokens} tokens`;
      this.#scrollToEnd();
    } else if (message.type === "done") {
      this.#renderDone(entry.turn, message.stats, entry.text);
      this.#remember({ prompt: entry.prompt, text: entry.text, stats: message.stats });
      this.#finish(entry);
    } else if (message.type === "error") {
      this.#fail(entry, message.code, message.message);
    }
  }

  #renderDone(turn, stats, text) {
    const meta = turn.querySelector(".meta");
    meta.replaceChildren();
    if (stats.cache === "exact" || stats.cache === "semantic") {
      const similarity = stats.cache === "semantic" ? ` ${Number(stats.similarity).toFixed(3)}` : "";
      const badge = el("span", "badge cached", `cache · ${stats.cache}${similarity}`);
      badge.title = `answered from the cache; first generated by ${stats.backend}`;
      meta.append(badge);
    } else if (stats.cache === "coalesced" || (stats.cached && !stats.cache)) {
      const badge = el("span", "badge cached", "shared");
      badge.title = "an identical request was being answered; this one shared its answer";
      meta.append(badge, el("span", "badge backend", stats.backend));
    } else {
      meta.append(el("span", "badge backend", stats.backend));
    }
    meta.append(
      el("span", "stat", `first token ${formatMs(stats.ttft_ms)}`),
      el("span", "stat", `total ${formatMs(stats.total_ms)}`),
      el("span", "stat", `${stats.tokens} tokens`),
    );
    const rate = tokensPerSecond(stats);
    if (rate !== undefined) {
      const stat = el("span", "stat rate", `${rate.toFixed(1)} tok/s`);
      stat.title = "tokens after the first ÷ time from the first token to the last";
      meta.append(stat);
    }
    if (text) meta.append(this.#copyButton(text));
    if (stats.matched_prompt !== undefined) {
      const matched = el("p", "matched");
      matched.append("Matched earlier prompt: ", el("q", "", stats.matched_prompt));
      turn.querySelector(".answer").append(matched);
    }
  }

  #copyButton(text) {
    const button = el("button", "copy", "Copy");
    button.type = "button";
    button.setAttribute("aria-label", "Copy this answer");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch (error) {
        button.textContent = "Copy failed";
        console.warn("ailb: could not copy", error);
      }
      setTimeout(() => button.textContent = "Copy", 1500);
    });
    return button;
  }

  #fail(entry, code, text) {
    this.#renderError(entry.turn, code, text, entry.tokens);
    // Keep the prompt: put it back unless something new was typed meanwhile.
    if (code !== "cancelled" && !this.prompt.value.trim()) this.prompt.value = entry.prompt;
    this.#remember({ prompt: entry.prompt, text: entry.text, error: { code, message: text } });
    this.#finish(entry);
  }

  #renderError(turn, code, text, tokens) {
    const answer = turn.querySelector(".answer");
    answer.classList.add(code === "cancelled" ? "stopped" : "error");
    const meta = answer.querySelector(".meta");
    meta.replaceChildren();
    meta.append(el("strong", "code", code === "cancelled" ? "Stopped" : `Error: ${code}`));
    meta.append(` — ${code === "cancelled" ? `after ${tokens} tokens` : text}`);
    const hint = ERROR_HINTS[code];
    if (hint && code !== "cancelled") meta.append(el("span", "hint", ` ${hint}`));
  }

  #finish(entry) {
    entry.turn.querySelector(".answer").removeAttribute("aria-busy");
    entry.turn.querySelector(".caret")?.remove();
    if (this.active === entry) this.active = undefined;
    this.updateButtons();
    this.#scrollToEnd();
    this.prompt.focus();
  }

  // ------------------------------------------------------------- display ---

  #addTurn(text, busy = true) {
    $("#log-empty")?.remove();
    const turn = el("li", "turn");
    const answer = el("div", "answer");
    if (busy) answer.setAttribute("aria-busy", "true");
    const body = el("p", "text");
    body.append(el("span", "echo", text), el("span", "continuation"));
    if (busy) body.append(el("span", "caret"));
    answer.append(body, el("p", "meta"));
    turn.append(answer);
    this.log.append(turn);
    this.#scrollToEnd();
    return turn;
  }

  #notice(text) {
    $("#log-empty")?.remove();
    this.log.append(el("li", "turn notice error", text));
    this.#scrollToEnd();
  }

  #scrollToEnd() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  // ------------------------------------------------------------- history ---

  #remember(item) {
    const history = this.#load();
    history.push({ ...item, at: new Date().toISOString() });
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(-HISTORY_MAX)));
    } catch (error) {
      console.warn("ailb: could not save the conversation", error); // storage full or disabled
    }
  }

  #load() {
    try {
      const saved = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]");
      return Array.isArray(saved) ? saved : [];
    } catch {
      return [];
    }
  }

  restoreHistory() {
    for (const item of this.#load()) {
      if (typeof item?.prompt !== "string") continue;
      const turn = this.#addTurn(item.prompt, false);
      turn.classList.add("restored");
      turn.querySelector(".continuation").textContent = item.text ?? "";
      if (item.error) this.#renderError(turn, item.error.code, item.error.message, 0);
      else if (item.stats) this.#renderDone(turn, item.stats, item.text ?? "");
    }
  }

  clearHistory() {
    localStorage.removeItem(HISTORY_KEY);
    for (const turn of this.log.querySelectorAll(".turn:not([aria-busy])")) {
      if (!turn.querySelector("[aria-busy]")) turn.remove();
    }
    this.prompt.focus();
  }
}
