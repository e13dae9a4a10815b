import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import type { FaceAnalysis, FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { summarizeIdentitySets, type ConsistencyOptions, type IdentitySetFace, type IdentitySetSummary } from './consistency.js';

export interface IdentitySetEvaluationOptions extends ConsistencyOptions {
  /** The dataset folder the records' files are relative to. */
  readonly out: string;
  readonly records: readonly MetadataRecord[];
  readonly analyzer: FaceAnalyzer;
  /** Stylizers whose avatars are evaluated too (each a view of its own). */
  readonly stylizers?: readonly string[];
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/** One row of the report: an identity and the item of each expression (anchor first). */
export interface IdentitySetRow {
  readonly set: string;
  readonly anchor?: string;
  /** Member item ids by requested expression. */
  readonly members: Readonly<Record<string, string>>;
}

export interface IdentitySetEvaluation {
  readonly rows: readonly IdentitySetRow[];
  /** The requested expressions, in the order members first appear: the report's columns. */
  readonly expressions: readonly string[];
  /** "real" first, then one per stylizer. */
  readonly views: readonly IdentitySetSummary[];
}

/** The largest face of an analysis (the subject of a portrait). */
function largest(faces: readonly FaceAnalysis[]): FaceAnalysis | undefined {
  return faces.reduce<FaceAnalysis | undefined>((big, f) => (big && big.box.width * big.box.height >= f.box.width * f.box.height ? big : f), undefined);
}

/** The sets of a dataset's records, as report rows. */
export function identitySetRows(records: readonly MetadataRecord[]): { rows: IdentitySetRow[]; expressions: string[] } {
  const rows = new Map<string, { set: string; anchor?: string; members: Record<string, string> }>();
  const expressions: string[] = [];
  for (const record of records) {
    const set = record.identitySet;
    if (!set) continue;
    const row = rows.get(set.set) ?? { set: set.set, members: {} };
    rows.set(set.set, row);
    if (set.role === 'anchor') row.anchor = record.id;
    else {
      row.members[record.expression] = record.id;
      if (!expressions.includes(record.expression)) expressions.push(record.expression);
    }
  }
  return { rows: [...rows.values()], expressions };
}

/**
 * Evaluates the identity sets of a built dataset: every real face (anchors and members, whether kept
 * or dropped, as long as its image exists) and every avatar of each stylizer is analysed; per view,
 * identity similarity within sets against across sets and expression accuracy of the members
 * (summarizeIdentitySets). An image where the analyzer finds no face is counted as a miss.
 */
export async function evaluateIdentitySets(options: IdentitySetEvaluationOptions): Promise<IdentitySetEvaluation> {
  const { rows, expressions } = identitySetRows(options.records);
  const members = options.records.filter((record) => record.identitySet !== undefined);
  const viewFiles: { view: string; file: (record: MetadataRecord) => string | undefined }[] = [
    { view: 'real', file: (record) => record.image },
    ...(options.stylizers ?? []).map((stylizer) => ({ view: stylizer, file: (record: MetadataRecord) => (record.avatars[stylizer]?.status === 'ok' ? record.avatars[stylizer]?.file : undefined) })),
  ];
  const views: IdentitySetSummary[] = [];
  let done = 0;
  const total = members.length * viewFiles.length;
  for (const { view, file } of viewFiles) {
    const faces: IdentitySetFace[] = [];
    for (const record of members) {
      options.signal?.throwIfAborted();
      const relative = file(record);
      done++;
      if (relative === undefined) continue;
      const image = await decodeImage(join(options.out, ...relative.split('/')), { source: relative });
      const face = largest(await options.analyzer.analyze(image));
      const set = record.identitySet!;
      faces.push({
        id: record.id,
        set: set.set,
        role: set.role,
        expression: record.expression,
        ...(face ? { identity: face.identity } : {}),
        ...(face?.expression ? { probabilities: face.expression.probabilities } : {}),
      });
      options.onProgress?.({ task: 'identity sets', done, total, item: record.id, status: face ? 'ok' : 'skipped' });
    }
    views.push(summarizeIdentitySets(view, faces, options));
  }
  return { rows, expressions, views };
}
