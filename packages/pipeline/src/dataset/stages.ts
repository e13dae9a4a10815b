/**
 * Journal stage names of `geneava run`, per item (split: per source photo). A stage's entry is written
 * after its files, and a stage is redone when an entry it depends on is newer than its own.
 */
export const STAGES = {
  /** Source photos split into faces: the crops, keyed by the photo's id. */
  split: 'split',
  /** The real image: generated or taken from a source photo. */
  image: 'image',
  /** Face detection on the real image; the filter is applied to the faces it recorded. */
  faces: 'faces',
  /** The nearest reference face (only with reference sets). */
  memorization: 'memorization',
  stylize: (stylizer: string) => `stylize:${stylizer}`,
  evaluate: (stylizer: string) => `evaluate:${stylizer}`,
} as const;
