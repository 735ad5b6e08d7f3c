/**
 * Human-readable (or JSON-lines) logging with levels, written to stderr so
 * that stdout stays free for answers (`ailb ask`) and machine output.
 *
 * @module
 */

/** Levels from most to least verbose. */
export const LEVELS = ["debug", "info", "warn", "error"] as const;
/** One log level. */
export type Level = typeof LEVELS[number];

/** Options of {@link Logger}. */
export interface LoggerOptions {
  level?: Level;
  json?: boolean;
  /** Name of the component printed before each line, e.g. "balancer". */
  component?: string;
  /** Where lines go; stderr by default. Tests pass a collector. */
  sink?: (line: string) => void;
  /** Applied to every finished line before it is written (hides secrets such as the store password). */
  redact?: (line: string) => string;
}

const encoder = new TextEncoder();

/** A small leveled logger; `child()` shares settings under another component name. */
export class Logger {
  readonly level: Level;
  readonly json: boolean;
  readonly component: string;
  #sink: (line: string) => void;
  #redact: ((line: string) => string) | undefined;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? "info";
    this.json = options.json ?? false;
    this.component = options.component ?? "ailb";
    this.#sink = options.sink ?? ((line) => Deno.stderr.writeSync(encoder.encode(line + "\n")));
    this.#redact = options.redact;
  }

  /** A logger with the same level and format for another component. */
  child(component: string): Logger {
    return new Logger({
      level: this.level,
      json: this.json,
      component,
      sink: this.#sink,
      redact: this.#redact,
    });
  }

  /** The same logger with `redact` applied to every line (on top of any redaction it already had). */
  redacting(redact: (line: string) => string): Logger {
    const before = this.#redact;
    return new Logger({
      level: this.level,
      json: this.json,
      component: this.component,
      sink: this.#sink,
      redact: before ? (line) => redact(before(line)) : redact,
    });
  }

  /** True when messages of `level` are printed. */
  enabled(level: Level): boolean {
    return LEVELS.indexOf(level) >= LEVELS.indexOf(this.level);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#write("debug", message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#write("info", message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#write("warn", message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#write("error", message, fields);
  }

  #write(level: Level, message: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const time = new Date().toISOString();
    let line: string;
    if (this.json) {
      line = JSON.stringify({ time, level, component: this.component, msg: message, ...fields });
    } else {
      const extra = fields && Object.keys(fields).length
        ? " " +
          Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
            .join(" ")
        : "";
      line = `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} [${this.component}] ${message}${extra}`;
    }
    this.#sink(this.#redact ? this.#redact(line) : line);
  }
}

/** A logger that prints nothing (library default). */
export const silentLogger: Logger = new Logger({ level: "error", sink: () => {} });
