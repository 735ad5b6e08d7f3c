/**
 * Stop strings for engines: text passes through a {@link StopScanner}, which releases only what can no longer
 * turn out to be the start of a stop string, and cuts the output before the first stop string found. Engines
 * generate token by token and a stop string may span several tokens, so the tail that could still grow into
 * one is held back until the next token decides.
 *
 * @example
 * ```ts
 * const scanner = new StopScanner(["THE END"]);
 * scanner.push(" and they lived. TH", 5); // { text: " and they lived. ", tokens: 5, stopped: false }
 * scanner.push("E END", 2); // { text: "", tokens: 0, stopped: true }
 * ```
 *
 * @module
 */

/** What one {@link StopScanner.push} releases. */
export interface Released {
  /** Text safe to send (never contains a stop string). */
  text: string;
  /** Tokens covered by `text` (held-back tokens are released with the text that follows). */
  tokens: number;
  /** A stop string was found: the generation must end now. */
  stopped: boolean;
}

/** Cuts a stream of text before the first of a set of stop strings. */
export class StopScanner {
  readonly #stops: readonly string[];
  #held = "";
  #heldTokens = 0;

  constructor(stops: readonly string[]) {
    this.#stops = stops.filter((s) => s.length > 0);
  }

  /** Adds generated text; returns what may be sent now. */
  push(text: string, tokens: number): Released {
    if (this.#stops.length === 0) return { text, tokens, stopped: false };
    const buffer = this.#held + text;
    const covered = this.#heldTokens + tokens;
    let cut = -1;
    for (const stop of this.#stops) {
      const at = buffer.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.#held = "";
      this.#heldTokens = 0;
      return { text: buffer.slice(0, cut), tokens: cut > 0 ? covered : 0, stopped: true };
    }
    const hold = this.#partialTail(buffer);
    const release = buffer.slice(0, buffer.length - hold);
    this.#held = buffer.slice(buffer.length - hold);
    if (release.length === 0) {
      this.#heldTokens = covered;
      return { text: "", tokens: 0, stopped: false };
    }
    this.#heldTokens = 0;
    return { text: release, tokens: covered, stopped: false };
  }

  /** The held-back tail once generation ended without a stop string. */
  flush(): Released {
    const out = { text: this.#held, tokens: this.#heldTokens, stopped: false };
    this.#held = "";
    this.#heldTokens = 0;
    return out;
  }

  /** Length of the longest suffix of `buffer` that is a proper prefix of some stop string. */
  #partialTail(buffer: string): number {
    let longest = 0;
    for (const stop of this.#stops) {
      for (let n = Math.min(stop.length - 1, buffer.length); n > longest; n--) {
        if (buffer.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
