import { componentIdentity, type ComponentIdentity, type FileHashOptions, fingerprintOf } from '@geneava/core/provenance';
import type { DatasetItem } from './item.js';
import type { DatasetComponents } from './item-runner.js';

/**
 * The fingerprint of each stage: a hash of every input that changes the stage's output. A stage found
 * done with another fingerprint is redone, and so are the stages after it (their input changed).
 * - image: the provider's settings and identity (generator id and version, its options and the content
 *   of its model folder and LoRA; or the source folder and crop scale) and the item's own plan
 *   (prompt, negative prompt, seed, labels) or source photo (its size and modification time) and crop;
 *   an identity-set member also its anchor's image fingerprint and the image-to-image strength;
 * - split and faces: the face analyzer (id, version, model files), and the crop scale for split;
 * - memorization: the analyzer and the screen (identity model, reference sets by content: each member's file hash);
 * - stylize:<name>: the stylizer (id, version, plugin options, model files);
 * - evaluate:<name>: the evaluator (id, version, settings such as thresholds) and the analyzer.
 */
export interface StageFingerprints {
  image(item: DatasetItem): Promise<string>;
  readonly split: (cropScale: number) => string;
  readonly faces: string;
  readonly memorization: string;
  stylize(name: string): string;
  evaluate(name: string): string;
  /** The inputs behind the fingerprints above, for the run manifest. */
  readonly identities: Readonly<Record<string, ComponentIdentity>>;
}

/** What the provider makes pixels from for one item: its plan item (handed to the generator whole), or its photo and crop. */
function itemInputs(item: DatasetItem): unknown {
  if (item.plan) return { plan: item.plan };
  if (item.source) return { source: item.source };
  return { prompt: item.prompt ?? null, negativePrompt: item.negativePrompt ?? null, seed: item.seed ?? null };
}

/** Works out every component's identity once (model files hashed, or found in the machine's hash cache). */
export async function stageFingerprints(components: DatasetComponents, options: FileHashOptions = {}): Promise<StageFingerprints> {
  const { provider, analyzer, evaluator, memorization } = components;
  const providerIdentity = { fingerprint: provider.fingerprint, ...(provider.identity ? { component: await provider.identity(options) } : {}) };
  const analyzerIdentity = await componentIdentity(analyzer, options);
  const evaluatorIdentity = await componentIdentity(evaluator, options);
  const stylizers = new Map<string, ComponentIdentity>();
  for (const { name, stylizer } of components.stylizers) stylizers.set(name, await componentIdentity(stylizer, options));
  const memorizationIdentity = memorization ? { model: memorization.model, references: memorization.fingerprint ?? null } : undefined;

  const faces = fingerprintOf({ stage: 'faces', analyzer: analyzerIdentity });
  const stylize = new Map([...stylizers].map(([name, identity]) => [name, fingerprintOf({ stage: 'stylize', stylizer: identity })]));
  const evaluate = fingerprintOf({ stage: 'evaluate', evaluator: evaluatorIdentity, analyzer: analyzerIdentity });
  const known = (name: string) => {
    const value = stylize.get(name);
    if (value === undefined) throw new Error(`no stylizer "${name}" in this run`);
    return value;
  };
  // An identity-set member is made from its anchor's image: the anchor's fingerprint and the strength are
  // its inputs too, so a remade anchor (or another strength) remakes the members and nothing else.
  const image = async (item: DatasetItem): Promise<string> => {
    const set = item.identitySet;
    const identitySet = set ? { identitySet: { set: set.set, role: set.role, strength: set.strength ?? null, anchor: set.anchor ? await image(set.anchor) : null } } : {};
    return fingerprintOf({ stage: 'image', provider: providerIdentity, item: itemInputs(item), ...identitySet, ...(provider.itemIdentity ? { input: await provider.itemIdentity(item) } : {}) });
  };
  return {
    image,
    split: (cropScale) => fingerprintOf({ stage: 'split', analyzer: analyzerIdentity, cropScale }),
    faces,
    memorization: fingerprintOf({ stage: 'memorization', analyzer: analyzerIdentity, screen: memorizationIdentity ?? null }),
    stylize: known,
    evaluate: (name) => {
      known(name);
      return evaluate;
    },
    identities: {
      provider: providerIdentity,
      analyzer: analyzerIdentity,
      evaluator: evaluatorIdentity,
      ...Object.fromEntries([...stylizers].map(([name, identity]) => [`stylizer:${name}`, identity])),
      // The reference files left out are recorded beside the fingerprint's inputs (run.json), not in them: they add no face to the sets.
      ...(memorizationIdentity ? { memorization: { ...memorizationIdentity, ...(memorization?.problems?.length ? { leftOut: memorization.problems } : {}) } } : {}),
    },
  };
}

/** The fingerprint a journal entry was recorded with, if any. */
export function recordedFingerprint(data: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = data?.['fingerprint'];
  return typeof value === 'string' ? value : undefined;
}
