/**
 * The setup shared by the verifier's rule and reading tests (cache_verifier_rules_*_test.ts,
 * cache_verifier_readings_*_test.ts): the bundled lexicon, and `accepts` / `rejects` bound to it.
 */
import { Lexicon } from "../lib/cache/lexicon.ts";
import { verifierAssertions } from "./verifier_assert.ts";

export const lexicon = await Lexicon.load();
export const { accepts, rejects } = verifierAssertions(lexicon);
