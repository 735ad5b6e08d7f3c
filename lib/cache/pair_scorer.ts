/**
 * A logistic pair scorer over {@link pairFeatures}: P(same request) = σ(w·x + b). The weights are trained by
 * tools/pair-scorer/train.ts on generated pairs (never on the evaluation set) and committed as
 * models/pair-scorer/weights.json. An experiment of issue 13: the cache does not decide with it.
 */
import { FEATURE_NAMES, type PairFeatures } from "./pair_features.ts";

/** Layout of models/pair-scorer/weights.json. */
export interface PairScorerWeights {
  format: "ailb-pair-scorer";
  version: 1;
  /** Feature names in the order of `weights`; must equal FEATURE_NAMES. */
  features: string[];
  weights: number[];
  bias: number;
  /** Score at or above which a pair counts as the same request (chosen on generated validation pairs). */
  threshold: number;
  /**
   * Threshold of the hybrid ({@link hybridAccepts}), chosen the same way on the generated validation pairs.
   */
  hybridThreshold: number;
  /** True when trained with word similarities: scoring without them reads every unmatched word as unrelated. */
  usesSimilarity: boolean;
  /** How the weights were made (generator seed, pair counts, validation figures). */
  recipe: Record<string, unknown>;
}

/** Default location of the committed weights. */
export const DEFAULT_PAIR_SCORER_URL = new URL("../../models/pair-scorer/weights.json", import.meta.url);

/**
 * The hybrid decision: the verifier's verdict, except that a pair it rejects only because some content word
 * has no counterpart ("unmatched") is accepted when the learned score reaches `threshold` and no doer / done-to
 * swap is read between the prompts (the verifier's role rules only run once every word has matched). Every
 * other rule (negation, numbers, time, antonym, genre, roles, possession, place) stays a hard veto.
 */
export function hybridAccepts(features: PairFeatures, score: number, threshold: number): boolean {
  const { explanation, values } = features;
  if (explanation.accepted) return true;
  return explanation.rule === "unmatched" && values[ROLES] === 0 && score >= threshold;
}

const ROLES = FEATURE_NAMES.indexOf("roles");

/** Logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The trained scorer. */
export class PairScorer {
  /** Throws with the cause when the weights do not fit this feature set. */
  constructor(readonly data: PairScorerWeights) {
    if (data.format !== "ailb-pair-scorer" || data.version !== 1) {
      throw new Error(`unsupported pair-scorer format ${data.format} v${data.version}`);
    }
    if (data.features.join(",") !== FEATURE_NAMES.join(",")) {
      throw new Error(
        `pair-scorer weights were trained on other features (${data.features.length} vs ${FEATURE_NAMES.length}); ` +
          "re-run tools/pair-scorer/train.ts",
      );
    }
    const numbers = [...data.weights, data.bias, data.threshold, data.hybridThreshold];
    if (data.weights.length !== FEATURE_NAMES.length || !numbers.every(Number.isFinite)) {
      throw new Error(
        `pair-scorer weights: expected ${FEATURE_NAMES.length} finite weights, a bias and thresholds`,
      );
    }
  }

  /** Reads a weights file; throws with the path when it is missing or malformed. */
  static async load(url: URL | string = DEFAULT_PAIR_SCORER_URL): Promise<PairScorer> {
    let text: string;
    try {
      text = await Deno.readTextFile(url);
    } catch (error) {
      throw new Error(`cannot read pair-scorer weights ${url}: ${(error as Error).message}`);
    }
    return new PairScorer(JSON.parse(text) as PairScorerWeights);
  }

  /** P(same request) for a feature vector. */
  score(values: readonly number[]): number {
    if (values.length !== this.data.weights.length) {
      throw new Error(`expected ${this.data.weights.length} features, got ${values.length}`);
    }
    let z = this.data.bias;
    for (let i = 0; i < values.length; i++) z += this.data.weights[i] * values[i];
    return sigmoid(z);
  }
}
