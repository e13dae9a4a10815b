/**
 * Writes the memorization audit to a folder, each file atomically:
 * - nn.jsonl / nn.csv: per generated face and reference set, the nearest reference face and the similarity;
 * - histogram.json: the bins and the counts per reference set;
 * - exclusion.txt: ids of the flagged generated faces, one per line (what a dataset build leaves out);
 * - summary.json: model, threshold and its basis, counts, per-set similarity summaries, the expected
 *   number of chance matches per set, unusable images;
 * - report.html: the self-contained page (histograms, flagged and closest pairs with thumbnails).
 */
import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { toJsonl, writeFileAtomic } from '@geneava/core/util';
import { formatCsv } from '../../report/csv.js';
import type { EmbeddedFace, EmbeddedFaceSet } from './embed-face-set.js';
import { faceThumbnail } from './face-thumbnail.js';
import { formatExclusionList } from './item-ids.js';
import type { ChanceMatchEstimate } from './chance-matches.js';
import type { MemorizationAudit, MemorizationMatch, ReferenceSetAudit, SimilaritySummary } from './memorization-audit.js';
import { memorizationHtml, type PairView, type ReferenceSetViews } from './memorization-html.js';

export interface MemorizationReportFiles {
  readonly nnJsonl: string;
  readonly nnCsv: string;
  readonly histogram: string;
  readonly exclusion: string;
  readonly summary: string;
  readonly html: string;
}

export interface MemorizationReportOptions {
  /** Flagged pairs shown with thumbnails per reference set, most similar first (default 100). */
  readonly flaggedShown?: number;
  /** Closest pairs below the threshold shown per reference set (default 8). */
  readonly closestShown?: number;
  readonly thumbnailSize?: number;
}

interface SetSummary {
  readonly name: string;
  readonly dir: string;
  readonly faces: number;
  readonly noFace: readonly string[];
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
  readonly ignored: number;
  /** The entries behind `ignored` (other files, broken links, link loops), with why. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly cached: number;
}

export interface MemorizationSummary {
  readonly model: string;
  readonly threshold: { readonly value: number; readonly basis: string; readonly rule: string };
  readonly generated: SetSummary;
  readonly references: readonly (SetSummary & { readonly flagged: number; readonly similarity: SimilaritySummary; readonly chance: ChanceMatchEstimate })[];
  readonly flaggedFaces: number;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

function setSummary(set: EmbeddedFaceSet): SetSummary {
  return { name: set.name, dir: set.dir, faces: set.faces.length, noFace: set.noFace, failed: set.failed, ignored: set.ignored.length, skipped: set.skipped, cached: set.cached };
}

export function memorizationSummary(audit: MemorizationAudit): MemorizationSummary {
  return {
    model: audit.model,
    threshold: { value: audit.threshold.threshold, basis: audit.threshold.basis, rule: `flagged when cosine similarity ${audit.threshold.strict ? '>' : '>='} value` },
    generated: setSummary(audit.generated),
    references: audit.references.map((ref) => ({
      ...setSummary(ref.set),
      flagged: ref.flagged,
      similarity: Object.fromEntries(Object.entries(ref.similarity).map(([k, v]) => [k, round6(v)])) as unknown as SimilaritySummary,
      chance: ref.chance,
    })),
    flaggedFaces: audit.excluded.length,
  };
}

export async function writeMemorizationReport(outDir: string, audit: MemorizationAudit, options: MemorizationReportOptions = {}): Promise<MemorizationReportFiles> {
  const files: MemorizationReportFiles = {
    nnJsonl: join(outDir, 'nn.jsonl'),
    nnCsv: join(outDir, 'nn.csv'),
    histogram: join(outDir, 'histogram.json'),
    exclusion: join(outDir, 'exclusion.txt'),
    summary: join(outDir, 'summary.json'),
    html: join(outDir, 'report.html'),
  };
  const rows = audit.references.flatMap((ref) =>
    ref.matches.map((m) => ({ id: m.id, generated: m.generated, referenceSet: ref.set.name, reference: m.reference, similarity: round6(m.similarity), flagged: m.flagged })),
  );
  await writeFileAtomic(files.nnJsonl, toJsonl(rows));
  await writeFileAtomic(
    files.nnCsv,
    formatCsv(['id', 'generated', 'reference_set', 'reference', 'similarity', 'flagged'], rows.map((r) => [r.id, r.generated, r.referenceSet, r.reference, r.similarity, r.flagged ? 1 : 0])),
  );
  await writeFileAtomic(
    files.histogram,
    `${JSON.stringify({
      model: audit.model,
      threshold: audit.threshold.threshold,
      edges: audit.bins.edges,
      sets: audit.references.map((ref) => ({ name: ref.set.name, counts: ref.histogram })),
    }, null, 2)}\n`,
  );
  await writeFileAtomic(files.exclusion, formatExclusionList(audit.excluded));
  await writeFileAtomic(files.summary, `${JSON.stringify(memorizationSummary(audit), null, 2)}\n`);
  await writeFileAtomic(files.html, memorizationHtml(audit, await pairViews(audit, options)));
  return files;
}

/** Thumbnails of the pairs the page shows; each face is decoded and cut out once (thumbnails, not images, are kept). */
async function pairViews(audit: MemorizationAudit, options: MemorizationReportOptions): Promise<Map<string, ReferenceSetViews>> {
  const flaggedShown = options.flaggedShown ?? 100;
  const closestShown = options.closestShown ?? 8;
  const size = options.thumbnailSize ?? 128;
  const thumbnails = new Map<string, string>();
  const thumbnail = async (dir: string, face: EmbeddedFace): Promise<string> => {
    const path = join(dir, face.file);
    let uri = thumbnails.get(path);
    if (uri === undefined) {
      // A file removed or changed since it was embedded costs its picture, not the report.
      uri = await decodeImage(path)
        .then((image) => faceThumbnail(image, face.box, { size }))
        .catch(() => '');
      thumbnails.set(path, uri);
    }
    return uri;
  };
  const generatedFaces = new Map(audit.generated.faces.map((face) => [face.file, face]));
  const view = async (ref: ReferenceSetAudit, match: MemorizationMatch): Promise<PairView> => ({
    match,
    generatedThumbnail: await thumbnail(audit.generated.dir, generatedFaces.get(match.generated)!),
    referenceThumbnail: await thumbnail(ref.set.dir, ref.set.faces[match.referenceIndex]!),
  });
  const views = new Map<string, ReferenceSetViews>();
  for (const ref of audit.references) {
    const bySimilarity = [...ref.matches].sort((a, b) => b.similarity - a.similarity);
    const flagged: PairView[] = [];
    for (const match of bySimilarity.filter((m) => m.flagged).slice(0, flaggedShown)) flagged.push(await view(ref, match));
    const closest: PairView[] = [];
    for (const match of bySimilarity.filter((m) => !m.flagged).slice(0, closestShown)) closest.push(await view(ref, match));
    views.set(ref.set.name, { flagged, closest });
  }
  return views;
}
