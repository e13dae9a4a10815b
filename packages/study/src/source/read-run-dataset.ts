import { access, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DATASET_FILES, inDataset } from '@geneava/core/dataset-format';
import { familyOf } from '@geneava/core/taxonomy';
import { UsageError } from '@geneava/core/util';
import type { Candidate, StudySource } from './candidates.js';

/** The fields of a metadata.jsonl record a study uses; the rest of the record is ignored. */
const avatarRecord = z.looseObject({
  status: z.string(),
  file: z.string().optional(),
  metrics: z.record(z.string(), z.number().nullable()).optional(),
});
const metadataRecord = z.looseObject({
  id: z.string().min(1),
  image: z.string().optional(),
  expression: z.string().optional(),
  family: z.string().optional(),
  gender: z.string().optional(),
  race: z.string().optional(),
  ageGroup: z.string().optional(),
  avatars: z.record(z.string(), avatarRecord),
});

const LABEL_KEYS = ['expression', 'family', 'gender', 'race', 'ageGroup'] as const;

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/**
 * The pairs of a `geneava run` dataset: every item with a real image and, per stylizer, an avatar that was
 * made and evaluated (status ok), with the item's labels and the avatar's metrics. Items curation dropped
 * are included: people's answers on them are what calibrates the thresholds that dropped them.
 */
export async function readRunDataset(dir: string): Promise<StudySource> {
  const file = inDataset(dir, DATASET_FILES.metadataJsonl);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${file}: ${error.code === 'ENOENT' ? 'not found' : `cannot be read (${error.code})`}`);
  });
  const stylizers: string[] = [];
  const candidates: Candidate[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}: line ${index + 1} is not valid JSON`);
    }
    const parsed = metadataRecord.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${file}: line ${index + 1}: ${issue.path.join('.') || 'record'}: ${issue.message}`);
    }
    const record = parsed.data;
    if (!record.image) continue;
    const labels: Record<string, string> = {};
    for (const key of LABEL_KEYS) if (record[key]) labels[key] = record[key]!;
    if (!labels['family'] && labels['expression']) {
      const family = familyOf(labels['expression']);
      if (family) labels['family'] = family;
    }
    for (const [stylizer, avatar] of Object.entries(record.avatars)) {
      if (!stylizers.includes(stylizer)) stylizers.push(stylizer);
      if (avatar.status !== 'ok' || !avatar.file) continue;
      const metrics: Record<string, number> = {};
      for (const [key, value] of Object.entries(avatar.metrics ?? {})) if (typeof value === 'number' && Number.isFinite(value)) metrics[key] = value;
      candidates.push({ item: record.id, stylizer, real: inDataset(dir, record.image), avatar: inDataset(dir, avatar.file), labels, metrics });
    }
  }
  for (const candidate of candidates) {
    for (const path of [candidate.real, candidate.avatar]) {
      if (!(await exists(path))) throw new UsageError(`${file}: item ${candidate.item} names ${path}, which does not exist`);
    }
  }
  return { kind: 'run', path: dir, stylizers, candidates };
}
