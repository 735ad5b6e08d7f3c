/** The evaluation set of issue 13 is well formed, stratified, and its test split is frozen. */
import assert from "node:assert/strict";
import {
  freshPairs,
  loadEvalSplit,
  parseEvalSet,
  REPEATED_BASES,
  type SplitName,
} from "../bench/eval_set.ts";

/** sha256 of tests/data/cache_eval_test.txt as frozen in commit 3604e57; a change to the file must be visible. */
const FROZEN_TEST_SHA256 = "622444b99b008f397b6c92d327cd0b949d4042b0feb7d231fdcf1de58c70a2ad";

/** sha256 of tests/data/cache_eval_holdout49.txt, the forty-ninth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT49_SHA256 = "8dc9207ed7c9b2c06f1bf9431934d311d5b1791800bd201abe188248d5cc1af4";

/** sha256 of tests/data/cache_eval_holdout50.txt, the fiftieth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT50_SHA256 = "49102e1cdbc31194d1023aecd1c1dfef867db1b1efd5843166e19c387942e0bb";

/** sha256 of tests/data/cache_eval_holdout51.txt, the fifty-first blind split, as frozen on arrival. */
const FROZEN_HOLDOUT51_SHA256 = "b3cd6051ab03f0b70f24895602ba3c311b3ead0da570e21908942b8834fdcafa";

/** sha256 of tests/data/cache_eval_holdout52.txt, the fifty-second blind split, as frozen on arrival. */
const FROZEN_HOLDOUT52_SHA256 = "bf57b7432a9fc8dcf1528166c39c93011f90b0c9747514724fca924655a73169";

/** sha256 of tests/data/cache_eval_holdout53.txt, the fifty-third blind split, as frozen on arrival. */
const FROZEN_HOLDOUT53_SHA256 = "ec0996a63c3fa2392a822135416ae7e0f5ba473c5b057b0524795725ceb59f7a";

/** sha256 of tests/data/cache_eval_holdout54.txt, the fifty-fourth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT54_SHA256 = "e4203e44aecbe380452f426b632630239f52c07acb525af5be42335af92b93fd";

/** sha256 of tests/data/cache_eval_holdout55.txt, the fifty-fifth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT55_SHA256 = "d6c12f127fe8dad5790f1d0b7c91053d22a8fc3ec325f3f545034c0519ec81c1";

/** sha256 of tests/data/cache_eval_holdout56.txt, the fifty-sixth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT56_SHA256 = "d7b9cff1df55b081cf6063f92239894e95da6edaadd3eaa49cf5b21545310293";

/** sha256 of tests/data/cache_eval_holdout57.txt, the fifty-seventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT57_SHA256 = "3d9886bff799e8836b4893a7af3bffd4d017411ab8a21ec38ca15bbdecc3a7c7";

/** sha256 of tests/data/cache_eval_holdout48.txt, the forty-eighth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT48_SHA256 = "db16607766d5a21e51805212a65797fe61345bb573c119405e0adffcf6ebcceb";

/** sha256 of tests/data/cache_eval_holdout47.txt, the forty-seventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT47_SHA256 = "0f3ed3580afad32cce85ccec53e13cb7f8a31656da46061f89d05a285642c980";

/** sha256 of tests/data/cache_eval_holdout46.txt, the forty-sixth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT46_SHA256 = "523742f7feafadbf0340cf02d7d1b7fd4f336fe3986bdfb7c718abcfda307adc";

/** sha256 of tests/data/cache_eval_holdout45.txt, the forty-fifth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT45_SHA256 = "3477198c5bc8c89c0b44dcae46ce5b02d434cc1bf2c80c576ed5ad760f1d7b0d";

/** sha256 of tests/data/cache_eval_holdout44.txt, the forty-fourth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT44_SHA256 = "481933b282ccbd843a215e2ce69d940a7234f06ea370d17c544fb0db8e3fa6f7";

/** sha256 of tests/data/cache_eval_holdout43.txt, the forty-third blind split, as frozen on arrival. */
const FROZEN_HOLDOUT43_SHA256 = "b2a4c55b2256f78d5a644516f8c43c2f6f9aa4376d2f753716f20de1c579c740";

/** sha256 of tests/data/cache_eval_holdout42.txt, the forty-second blind split, as frozen on arrival. */
const FROZEN_HOLDOUT42_SHA256 = "3e84d3e0342c24c88e5dc65c8309c559ffde23be47a5a1f940d771f32416608a";

/** sha256 of tests/data/cache_eval_holdout41.txt, the forty-first blind split, as frozen on arrival. */
const FROZEN_HOLDOUT41_SHA256 = "50ff72c3ee9ffbfa18d50c90eb73b38a55b3bd2b1cfbf2a98365b61d549c74bb";

/** sha256 of tests/data/cache_eval_holdout40.txt, the fortieth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT40_SHA256 = "e3aee5a5d10ff3cee59b87dee7ec7c7bb036cd3f2c19e78272fa09eff1a94910";

/** sha256 of tests/data/cache_eval_holdout39.txt, the thirty-ninth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT39_SHA256 = "08c920fb3580c90539528cd12eeaaa1604384225481732c9411eea3506f60fdd";

/** sha256 of tests/data/cache_eval_holdout38.txt, the thirty-eighth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT38_SHA256 = "c04e6eebdfb2f1bd0cf65d7e2f82d80d95eddc2cbe097e1133862f273a25991b";

/** sha256 of tests/data/cache_eval_holdout37.txt, the thirty-seventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT37_SHA256 = "56752c89f5a25b9912e71aca16c40d6fc5de5d6e0f69bc2af27880c04db50422";

/** sha256 of tests/data/cache_eval_holdout36.txt, the thirty-sixth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT36_SHA256 = "2f613a349afb56b3de761b89fa52b35fc22ff99d5ee683d30d6ff453b09d0556";

/** sha256 of tests/data/cache_eval_holdout35.txt, the thirty-fifth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT35_SHA256 = "0e5f80576b234f06b285dc696a847922115152864abebbd7d1c9c17e4a6c4b78";

/** sha256 of tests/data/cache_eval_holdout34.txt, the thirty-fourth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT34_SHA256 = "ebe3033d45f6661b376fbf6cadba3338f714283b33c09371fef142fad4ceebed";

/** sha256 of tests/data/cache_eval_holdout33.txt, the thirty-third blind split, as frozen on arrival. */
const FROZEN_HOLDOUT33_SHA256 = "708c42bac2cb284aa8bc930bbe295ad9bdbb58eba06d1080e02a0c71384f20b2";

/** sha256 of tests/data/cache_eval_holdout32.txt, the thirty-second blind split, as frozen on arrival. */
const FROZEN_HOLDOUT32_SHA256 = "41bfefb52f99f461ae00057c610a7a55a4d07b90bf5282508d67047fe6d43fa6";

/** sha256 of tests/data/cache_eval_holdout31.txt, the thirty-first blind split, as frozen on arrival. */
const FROZEN_HOLDOUT31_SHA256 = "46125226df4f059df9a277cac465447036aa75625b64aff46b2b14eb39c1271e";

/** sha256 of tests/data/cache_eval_holdout30.txt, the thirtieth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT30_SHA256 = "1b869648c440e08ba4ec4b5f4212017640b14a3e5c94e34ee1930e1604b636f2";

/** sha256 of tests/data/cache_eval_holdout29.txt, the twenty-ninth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT29_SHA256 = "2b89983f1e754c235fb39d4a541d451a257a94f182ce83d03f6a1476c00b2bb8";

/** sha256 of tests/data/cache_eval_holdout28.txt, the twenty-eighth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT28_SHA256 = "2d9c1ce13ae41d588bc730d35deb769f2553674a32139475726ba150d3fafe3c";

/** sha256 of tests/data/cache_eval_holdout27.txt, the twenty-seventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT27_SHA256 = "0721f23bb026d78052f73fd7427e553dde4e27f105521800378018b6e0ab1c1d";

/** sha256 of tests/data/cache_eval_holdout26.txt, the twenty-sixth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT26_SHA256 = "1fe1e16fa811de95409d557dae08ca4583291b68703c7070986ada3df6ee82c3";

/** sha256 of tests/data/cache_eval_holdout25.txt, the twenty-fifth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT25_SHA256 = "4a745695ed39dd4e42ca1a45c1bae84287242c05b66823cc7e1db324561bdc6e";

/** sha256 of tests/data/cache_eval_holdout24.txt, the twenty-fourth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT24_SHA256 = "dc461763a672a6500747405332bd3a28ff7f8c6c4c9b3ff2e88b4499ef2fac0a";

/** sha256 of tests/data/cache_eval_holdout23.txt, the twenty-third blind split, as frozen on arrival. */
const FROZEN_HOLDOUT23_SHA256 = "0fdefd728ee16dd968c2c48667bae33e29f38a154d4c0a9aa27f4afb09f90f6f";

/** sha256 of tests/data/cache_eval_holdout22.txt, the twenty-second blind split, as frozen on arrival. */
const FROZEN_HOLDOUT22_SHA256 = "4ac6f5eb804fd7f3d6612791d9728b650f723f5ae37ad448a275ce6238932cb0";

/** sha256 of tests/data/cache_eval_holdout21.txt, the twenty-first blind split, as frozen on arrival. */
const FROZEN_HOLDOUT21_SHA256 = "68fd2ae12668a679337adc29fec9b291c7fe94263a356f48118b3605f1960a3c";

/** sha256 of tests/data/cache_eval_holdout20.txt, the twentieth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT20_SHA256 = "0b986b5f58fbebbd04f3d7fc64447171df82d9b875212e972f72a940a531c499";

/** sha256 of tests/data/cache_eval_holdout19.txt, the nineteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT19_SHA256 = "8903bec1fba4acebb4f2dc8e4a9a4c23e363c8a141a9071b0e5ee7cfa4851c45";

/** sha256 of tests/data/cache_eval_holdout18.txt, the eighteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT18_SHA256 = "21318169f370be50a6dd37204835e88bfb7fcdea9c7abc39cc6ed3f621c27108";

/** sha256 of tests/data/cache_eval_holdout17.txt, the seventeenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT17_SHA256 = "dd203596e4261401147bc9c80a9d9a5968168644dffb5aa6d608a96164b2e312";

/** sha256 of tests/data/cache_eval_holdout16.txt, the sixteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT16_SHA256 = "2250e6c06dabb7e0bee7bc5b969fa3ae189f19ac6017212b014b0abf3089d514";

/** sha256 of tests/data/cache_eval_holdout15.txt, the fifteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT15_SHA256 = "5da2b161b3eb949548c89261cbdbc1346c0cd465898ce1ff9bd608dd18000509";

/** sha256 of tests/data/cache_eval_holdout14.txt, the fourteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT14_SHA256 = "293a6c7b79d33a01d2820d4e5eecc29651bba7098bf8006e31286035380fe47d";

/** sha256 of tests/data/cache_eval_holdout13.txt, the thirteenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT13_SHA256 = "d50ca87c0546bc066d47c635f3a17e4780955c80965faca6c652fe75dc3a6fe4";

/** sha256 of tests/data/cache_eval_holdout12.txt, the twelfth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT12_SHA256 = "fe7da116c47cfd7b90f66f0165b7bb7370cd232db1112276c74f8bcd3f232989";

/** sha256 of tests/data/cache_eval_holdout11.txt, the eleventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT11_SHA256 = "7bce7d1b7369d67ccebf1909811daeff6a38ccb8bc937e327c0d578e944d21b9";

/** sha256 of tests/data/cache_eval_holdout10.txt, the tenth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT10_SHA256 = "eca59768bc2216eb3e76851966bc63efdb055e3057e60bf0b4df4b74fc5a79d4";

/** sha256 of tests/data/cache_eval_holdout9.txt, the ninth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT9_SHA256 = "f6e70bc3f9d31b29588c7b7f32a57d65984075bea4cf816283dac26e756e946c";

/** sha256 of tests/data/cache_eval_holdout8.txt, the eighth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT8_SHA256 = "dd76065bbda6f10b3d8139d770981c25ebf2570d8cd2bf9c72b37b6ddde9d7ba";

/** sha256 of tests/data/cache_eval_holdout7.txt, the seventh blind split, as frozen on arrival. */
const FROZEN_HOLDOUT7_SHA256 = "7d6511dc7f5f975519a64a2feb798be8be18f3720d4c20cf3510cabaef176d18";

/** sha256 of tests/data/cache_eval_holdout6.txt, the sixth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT6_SHA256 = "e3c8a7068249b311fd04786ba02e0f1911517827d015107565e81bf4e2e41aef";

/** sha256 of tests/data/cache_eval_holdout5.txt, the fifth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT5_SHA256 = "4cbad2f9911e02eaeb2d05ef79fee34aa8e91a9de65b092e0c1deed244479518";

/** sha256 of tests/data/cache_eval_holdout4.txt, the fourth blind split, as frozen on arrival. */
const FROZEN_HOLDOUT4_SHA256 = "af4588150c61d0ba769f037cbfb4bafda1396f9af8bef2d59309efff7cefc5d1";

/** sha256 of tests/data/cache_eval_holdout3.txt, the third blind split, as frozen on arrival. */
const FROZEN_HOLDOUT3_SHA256 = "a9d2eb63697773f159f01f7a012337aec0b553d5b752884b1ef22978216fe823";

/** sha256 of tests/data/cache_eval_holdout2.txt, the second blind split, as frozen on arrival. */
const FROZEN_HOLDOUT2_SHA256 = "07e1d404c0a9023b99159db01bca9664d3f6d8a6769b1d0b0ca16749db947072";

/** sha256 of tests/data/cache_eval_holdout.txt, the blind split, as frozen before any later rule change. */
const FROZEN_HOLDOUT_SHA256 = "679a3dc0949866d9330e36ebf3d01747af67e2752a332818bd7a484e3d9f1511";

const PARAPHRASE_KINDS = [
  "surface",
  "reorder",
  "filler",
  "typo",
  "framing",
  "synonym",
  "multi",
  "passive",
  "possessive",
  "function",
];
const NEGATIVE_KINDS = [
  "antonym",
  "negation",
  "number",
  "role",
  "character",
  "object",
  "place",
  "tense",
  "genre",
];

Deno.test("eval set: the second dev set parses, uses only the set's negative kinds, and has controls", async () => {
  const extra = await loadEvalSplit("dev_extra");
  assert.ok(extra.pairs.length >= 100, `${extra.pairs.length} pairs`);
  for (const p of extra.pairs) {
    const kinds = p.label === "paraphrase" ? PARAPHRASE_KINDS : NEGATIVE_KINDS;
    assert.ok(kinds.includes(p.kind), `${p.label} kind ${p.kind}`);
  }
  for (const kind of ["character", "object", "role", "tense"]) {
    assert.ok(extra.pairs.filter((p) => p.label === "negative" && p.kind === kind).length >= 10, kind);
  }
  assert.ok(extra.pairs.filter((p) => p.label === "paraphrase").length >= 20);
});

Deno.test("eval set: ≥ 600 pairs, every kind in both splits, no pair in both, test split unchanged", async () => {
  const dev = await loadEvalSplit("dev");
  const test = await loadEvalSplit("test");
  assert.equal(test.sha256, FROZEN_TEST_SHA256, "the frozen test split was edited");
  assert.ok(dev.pairs.length + test.pairs.length >= 600);
  for (const split of [dev, test]) {
    for (const kind of PARAPHRASE_KINDS) {
      assert.ok(split.pairs.filter((p) => p.label === "paraphrase" && p.kind === kind).length >= 10, kind);
    }
    for (const kind of NEGATIVE_KINDS) {
      assert.ok(split.pairs.filter((p) => p.label === "negative" && p.kind === kind).length >= 10, kind);
    }
  }
  const bases = (s: typeof dev) => new Set(s.pairs.map((p) => p.a));
  const shared = [...bases(dev)].filter((a) => bases(test).has(a));
  assert.deepEqual(shared, [], "a base prompt is in both splits");
});

/** A blind hold-out split: pinned, ≥ 500 pairs, ≥ 20 of every kind, no base prompt seen in an earlier file. */
async function checkHoldout(split: SplitName, sha256: string, earlier: SplitName[]) {
  const holdout = await loadEvalSplit(split);
  assert.equal(holdout.sha256, sha256, `the frozen ${split} split was edited`);
  assert.ok(holdout.pairs.length >= 500, `${holdout.pairs.length} pairs`);
  for (const kind of PARAPHRASE_KINDS) {
    assert.ok(holdout.pairs.filter((p) => p.label === "paraphrase" && p.kind === kind).length >= 20, kind);
  }
  for (const kind of NEGATIVE_KINDS) {
    assert.ok(holdout.pairs.filter((p) => p.label === "negative" && p.kind === kind).length >= 20, kind);
  }
  const seen = new Set<string>();
  for (const other of earlier) {
    for (const p of (await loadEvalSplit(other)).pairs) seen.add(p.a);
  }
  // (a base a blind writer happened to repeat word for word is listed, and its group left out of evaluation)
  const repeated = [...new Set(holdout.pairs.map((p) => p.a).filter((a) => seen.has(a)))];
  assert.deepEqual(repeated, [...(REPEATED_BASES[split] ?? [])]);
  const fresh = await freshPairs(split);
  assert.ok(fresh.every((p) => !seen.has(p.a)) && fresh.length >= 500, `${fresh.length} fresh pairs`);
}

Deno.test("eval set: the fifty-seven blind hold-out splits are frozen, large, stratified and new", async () => {
  const earlier: SplitName[] = ["dev", "dev_extra", "test"];
  const frozen: Array<[SplitName, string]> = [
    ["holdout", FROZEN_HOLDOUT_SHA256],
    ["holdout2", FROZEN_HOLDOUT2_SHA256],
    ["holdout3", FROZEN_HOLDOUT3_SHA256],
    ["holdout4", FROZEN_HOLDOUT4_SHA256],
    ["holdout5", FROZEN_HOLDOUT5_SHA256],
    ["holdout6", FROZEN_HOLDOUT6_SHA256],
    ["holdout7", FROZEN_HOLDOUT7_SHA256],
    ["holdout8", FROZEN_HOLDOUT8_SHA256],
    ["holdout9", FROZEN_HOLDOUT9_SHA256],
    ["holdout10", FROZEN_HOLDOUT10_SHA256],
    ["holdout11", FROZEN_HOLDOUT11_SHA256],
    ["holdout12", FROZEN_HOLDOUT12_SHA256],
    ["holdout13", FROZEN_HOLDOUT13_SHA256],
    ["holdout14", FROZEN_HOLDOUT14_SHA256],
    ["holdout15", FROZEN_HOLDOUT15_SHA256],
    ["holdout16", FROZEN_HOLDOUT16_SHA256],
    ["holdout17", FROZEN_HOLDOUT17_SHA256],
    ["holdout18", FROZEN_HOLDOUT18_SHA256],
    ["holdout19", FROZEN_HOLDOUT19_SHA256],
    ["holdout20", FROZEN_HOLDOUT20_SHA256],
    ["holdout21", FROZEN_HOLDOUT21_SHA256],
    ["holdout22", FROZEN_HOLDOUT22_SHA256],
    ["holdout23", FROZEN_HOLDOUT23_SHA256],
    ["holdout24", FROZEN_HOLDOUT24_SHA256],
    ["holdout25", FROZEN_HOLDOUT25_SHA256],
    ["holdout26", FROZEN_HOLDOUT26_SHA256],
    ["holdout27", FROZEN_HOLDOUT27_SHA256],
    ["holdout28", FROZEN_HOLDOUT28_SHA256],
    ["holdout29", FROZEN_HOLDOUT29_SHA256],
    ["holdout30", FROZEN_HOLDOUT30_SHA256],
    ["holdout31", FROZEN_HOLDOUT31_SHA256],
    ["holdout32", FROZEN_HOLDOUT32_SHA256],
    ["holdout33", FROZEN_HOLDOUT33_SHA256],
    ["holdout34", FROZEN_HOLDOUT34_SHA256],
    ["holdout35", FROZEN_HOLDOUT35_SHA256],
    ["holdout36", FROZEN_HOLDOUT36_SHA256],
    ["holdout37", FROZEN_HOLDOUT37_SHA256],
    ["holdout38", FROZEN_HOLDOUT38_SHA256],
    ["holdout39", FROZEN_HOLDOUT39_SHA256],
    ["holdout40", FROZEN_HOLDOUT40_SHA256],
    ["holdout41", FROZEN_HOLDOUT41_SHA256],
    ["holdout42", FROZEN_HOLDOUT42_SHA256],
    ["holdout43", FROZEN_HOLDOUT43_SHA256],
    ["holdout44", FROZEN_HOLDOUT44_SHA256],
    ["holdout45", FROZEN_HOLDOUT45_SHA256],
    ["holdout46", FROZEN_HOLDOUT46_SHA256],
    ["holdout47", FROZEN_HOLDOUT47_SHA256],
    ["holdout48", FROZEN_HOLDOUT48_SHA256],
    ["holdout49", FROZEN_HOLDOUT49_SHA256],
    ["holdout50", FROZEN_HOLDOUT50_SHA256],
    ["holdout51", FROZEN_HOLDOUT51_SHA256],
    ["holdout52", FROZEN_HOLDOUT52_SHA256],
    ["holdout53", FROZEN_HOLDOUT53_SHA256],
    ["holdout54", FROZEN_HOLDOUT54_SHA256],
    ["holdout55", FROZEN_HOLDOUT55_SHA256],
    ["holdout56", FROZEN_HOLDOUT56_SHA256],
    ["holdout57", FROZEN_HOLDOUT57_SHA256],
  ];
  for (const [split, sha256] of frozen) {
    await checkHoldout(split, sha256, earlier);
    earlier.push(split);
  }
});

Deno.test("eval set parser: groups, labels, and a clear error on a malformed line", () => {
  const pairs = parseEvalSet(
    "# header\n@ A cat sat.\n+ surface: a cat sat\n- character: A dog sat.\n",
    "dev",
  );
  assert.deepEqual(pairs.map((p) => [p.a, p.b, p.label, p.kind, p.group]), [
    ["A cat sat.", "a cat sat", "paraphrase", "surface", 0],
    ["A cat sat.", "A dog sat.", "negative", "character", 0],
  ]);
  assert.throws(() => parseEvalSet("+ surface: no group yet\n", "dev"), /dev line 1: cannot parse/);
  assert.throws(() => parseEvalSet("@ A cat.\n* odd: line\n", "test"), /test line 2: cannot parse/);
});
