/** One (real face, avatar) pair a study may show: where its two images are and what is known about it. */
export interface Candidate {
  /** Item id in the source, the same for every stylizer. */
  readonly item: string;
  readonly stylizer: string;
  /** Absolute paths. */
  readonly real: string;
  readonly avatar: string;
  /** expression, family, gender, race, ageGroup where known. */
  readonly labels: Readonly<Record<string, string>>;
  /** Automatic metrics of the pair by column name; empty when the source has none. */
  readonly metrics: Readonly<Record<string, number>>;
}

export interface StudySource {
  readonly kind: 'run' | 'compare';
  readonly path: string;
  /** In the source's order. */
  readonly stylizers: readonly string[];
  readonly candidates: readonly Candidate[];
}
