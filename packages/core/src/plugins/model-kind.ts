/**
 * A kind of model folder or file a package can validate without running it, e.g. "sdxl" for an
 * Optimum SDXL export. `geneava models check KIND PATH` dispatches to these.
 */
export interface ModelKindDefinition {
  readonly kind: string;
  readonly description: string;
  check(path: string): Promise<ModelCheckReport>;
}

export interface ModelProblem {
  /** The file (or folder) the problem is about, relative to the checked path when inside it. */
  readonly file: string;
  readonly message: string;
}

export interface ModelCheckReport {
  readonly kind: string;
  readonly path: string;
  readonly ok: boolean;
  /** Every problem found; a check never stops at the first one. */
  readonly problems: readonly ModelProblem[];
  /** Facts learnt while checking (e.g. "export generation: optimum>=1.24", "precision: fp16"). */
  readonly facts?: Readonly<Record<string, string>>;
}
