import type { ModelCheckReport, ModelProblem } from '../plugins/model-kind.js';

/** Collects every problem and fact of one check, so the check never stops at the first problem. */
export class CheckReportBuilder {
  private readonly problems: ModelProblem[] = [];
  private readonly facts: Record<string, string> = {};

  constructor(
    private readonly kind: string,
    private readonly path: string,
  ) {}

  /** `file` is relative to the checked folder ("." for the folder itself). */
  problem(file: string, message: string): void {
    this.problems.push({ file, message });
  }

  fact(key: string, value: string): void {
    this.facts[key] = value;
  }

  get problemCount(): number {
    return this.problems.length;
  }

  build(): ModelCheckReport {
    return {
      kind: this.kind,
      path: this.path,
      ok: this.problems.length === 0,
      problems: [...this.problems],
      facts: { ...this.facts },
    };
  }
}
