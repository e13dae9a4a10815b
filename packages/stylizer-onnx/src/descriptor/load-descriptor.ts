import { dirname, isAbsolute, resolve } from 'node:path';
import { readJsonObject } from '@geneava/core/model-check';
import { GeneavaError } from '@geneava/core/util';
import { descriptorSchema, type StylizerDescriptor } from './schema.js';

/** A validated descriptor and the absolute paths it names. */
export interface LoadedDescriptor {
  /** The descriptor file (absolute), or the caller's name for an in-memory descriptor. */
  readonly file: string;
  /** The model file, resolved against the models folder given, else the descriptor's folder. */
  readonly modelPath: string;
  readonly descriptor: StylizerDescriptor;
}

/** A descriptor that cannot be used; one line naming the file and every problem. */
export class DescriptorError extends GeneavaError {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`, 'stylizer-descriptor');
  }
}

export interface LoadDescriptorOptions {
  /** Folder the model file named by the descriptor is looked up in (default: the descriptor's folder). */
  readonly modelsDir?: string;
}

/** Reads and validates a descriptor file; throws DescriptorError naming the file and every problem. */
export async function loadDescriptor(path: string, options: LoadDescriptorOptions = {}): Promise<LoadedDescriptor> {
  const file = resolve(path);
  const json = await readJsonObject(file);
  if (!json.ok) throw new DescriptorError(file, [`descriptor file ${json.message}`]);
  return parseDescriptor(json.value, file, options);
}

/** Validates a descriptor object; `file` names it in errors and anchors its relative model path. */
export function parseDescriptor(value: unknown, file: string, options: LoadDescriptorOptions = {}): LoadedDescriptor {
  const problems = descriptorProblems(value);
  if (problems.length > 0) throw new DescriptorError(file, problems);
  const descriptor = descriptorSchema.parse(value);
  const modelPath = isAbsolute(descriptor.model) ? descriptor.model : resolve(options.modelsDir ?? dirname(file), descriptor.model);
  return { file, modelPath, descriptor };
}

/** Every schema problem as "path: message" (e.g. `input.layout: Invalid option: expected one of "NCHW"|"NHWC"`); empty when valid. */
export function descriptorProblems(value: unknown): string[] {
  const result = descriptorSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (where ? `${where}.${key}` : key));
      return `unknown key${keys.length === 1 ? '' : 's'} ${keys.map((key) => `"${key}"`).join(', ')}`;
    }
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

export type { StylizerDescriptor };
