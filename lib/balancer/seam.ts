/**
 * Stop strings across a failover seam. After a failover the new server
 * continues the text already sent; a stop string that begins in that text and
 * ends in the new server's output is seen by neither server's own stop check.
 * The router passes the continuation's first chunks through a
 * {@link SeamGuard}, which holds them back just long enough to tell.
 *
 * @example
 * ```ts
 * const guard = new SeamGuard("… once upon a ti", ["time there"]);
 * guard.push({ text: "me the", tokens: 2 }); // [] (held: could still complete the stop string)
 * guard.push({ text: "re was", tokens: 2 }); // "stop": "ti" + "me there" straddles the seam
 * ```
 *
 * @module
 */

/** A piece of streamed text and the tokens it covers. */
export interface SeamChunk {
  text: string;
  tokens: number;
}

/** Holds the start of a continuation until no stop string can straddle the seam. */
export class SeamGuard {
  readonly #stops: readonly string[];
  readonly #tail: string;
  readonly #need: number;
  #held: SeamChunk[] = [];
  #heldText = "";
  #decided = false;

  /** `sent`: the text streamed before the seam; `stops`: the request's stop strings. */
  constructor(sent: string, stops: readonly string[]) {
    this.#stops = stops.filter((s) => s.length > 1); // a one-character stop string cannot straddle
    // Continuation characters that decide every stop string: the longest one, minus its first character.
    this.#need = Math.max(0, ...this.#stops.map((s) => s.length - 1));
    this.#tail = this.#need ? sent.slice(-this.#need) : "";
    this.#decided = this.#need === 0 || this.#tail.length === 0;
  }

  /** Feeds one continuation chunk: the chunks safe to send now, or "stop" when a stop string straddles. */
  push(chunk: SeamChunk): SeamChunk[] | "stop" {
    if (this.#decided) return [chunk];
    this.#held.push(chunk);
    this.#heldText += chunk.text;
    if (this.#straddles()) return "stop";
    if (this.#heldText.length < this.#need) return [];
    return this.#release();
  }

  /** The continuation ended: what is still held, or "stop". */
  flush(): SeamChunk[] | "stop" {
    if (this.#decided) return [];
    return this.#straddles() ? "stop" : this.#release();
  }

  #release(): SeamChunk[] {
    this.#decided = true;
    const held = this.#held;
    this.#held = [];
    return held;
  }

  /** A stop string starting in the sent tail and ending in the held continuation. */
  #straddles(): boolean {
    const combined = this.#tail + this.#heldText;
    const seam = this.#tail.length;
    return this.#stops.some((stop) => {
      for (let at = Math.max(0, seam - stop.length + 1); at < seam; at++) {
        if (combined.startsWith(stop, at)) return true;
      }
      return false;
    });
  }
}
