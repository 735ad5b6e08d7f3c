/**
 * A copy of the bundled lexicon alone in a temporary directory (no word lists beside it), for the tests of the
 * optional lists read beside it: what the lexicon is without a list, and the error a malformed one gives.
 */
import { DEFAULT_LEXICON_URL } from "../lib/cache/lexicon.ts";

/** Runs `fn` with the path of `lexicon.json` copied into a fresh directory; removes the directory after. */
export async function withBareLexicon(
  fn: (lexiconPath: string, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/lexicon.json`, await Deno.readTextFile(DEFAULT_LEXICON_URL));
    await fn(`${dir}/lexicon.json`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
