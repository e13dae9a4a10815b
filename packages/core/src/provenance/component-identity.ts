import { stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, parse, resolve } from 'node:path';
import { CONTENT_IDENTITY_METHOD, contentIdentity } from './content-identity.js';
import type { FileHashOptions } from './file-hash.js';

/** What a component's results depend on besides its input: plain JSON. */
export type ComponentIdentity = Readonly<Record<string, unknown>>;

/** Told about a component by whoever made it (the plugin loader, a host): the settings and model files that change its output. */
export interface ComponentDescription {
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Model files or folders it reads, by name; identified by content (every byte) when a fingerprint is made. */
  readonly files?: Readonly<Record<string, string>>;
}

const descriptions = new WeakMap<object, ComponentDescription>();

/**
 * Records what a component's output depends on. Contracts only carry an id and a version, and a
 * stylizer's options or a generator's weights are known only where the instance is made, so the maker
 * tells it here; later descriptions add to earlier ones.
 */
export function describeComponent(instance: object, description: ComponentDescription): void {
  const known = descriptions.get(instance);
  descriptions.set(instance, {
    settings: { ...known?.settings, ...description.settings },
    files: { ...known?.files, ...description.files },
  });
}

/**
 * A component's identity: its id and version, the settings it was described with, and the content
 * hash of every model file or folder it reads (from the machine's hash cache when unchanged).
 */
export async function componentIdentity(instance: object, options: FileHashOptions = {}): Promise<ComponentIdentity> {
  const info = (instance as { readonly info?: { readonly id?: unknown; readonly version?: unknown } }).info;
  const description = descriptions.get(instance);
  const files: Record<string, string> = {};
  for (const [name, path] of Object.entries(description?.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    files[name] = (await contentIdentity(path, options)).sha256;
  }
  return {
    ...(info ? { id: info.id, version: info.version } : {}),
    ...(description?.settings && Object.keys(description.settings).length > 0 ? { settings: description.settings } : {}),
    ...(Object.keys(files).length > 0 ? { files, identity: CONTENT_IDENTITY_METHOD } : {}),
  };
}

/** Extensions of files an option names when it names a model (or its settings). */
const MODEL_EXTENSIONS = new Set(['.onnx', '.safetensors', '.bin', '.pt', '.pth', '.ckpt', '.json', '.txt', '.model']);

function looksLikePath(value: string): boolean {
  return isAbsolute(value) || value.startsWith('./') || value.startsWith('../') || value.includes('/') || value.includes('\\') || MODEL_EXTENSIONS.has(extname(value).toLowerCase());
}

/** A plugin's options with each file or folder they name replaced by a reference to its content. */
export interface NamedFiles {
  /** Absolute paths, keyed by where they sit in the options ("models", "lora.file", "extra[1]"). */
  readonly files: Record<string, string>;
  /** The options, each located path replaced by "<file:KEY>": a moved model folder is still the same model. */
  readonly options: unknown;
}

/**
 * The files and folders a plugin's options name ("models", "lora.file", ...), resolved against the
 * project folder, that exist. A value naming the project folder itself or a folder above it is left
 * out: it is a place to look, not a model.
 */
export async function filesNamedIn(options: unknown, baseDir: string): Promise<NamedFiles> {
  const files: Record<string, string> = {};
  const base = resolve(baseDir);
  const above = new Set<string>();
  for (let folder = base; ; folder = dirname(folder)) {
    above.add(folder);
    if (folder === parse(folder).root) break;
  }
  const visit = async (value: unknown, key: string, depth: number): Promise<unknown> => {
    if (depth > 4) return value;
    if (typeof value === 'string') {
      if (!looksLikePath(value)) return value;
      const path = resolve(base, value);
      if (above.has(path)) return value;
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() && !info?.isDirectory()) return value;
      files[key] = path;
      return `<file:${key}>`;
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const [index, item] of value.entries()) items.push(await visit(item, `${key}[${index}]`, depth + 1));
      return items;
    }
    if (value && typeof value === 'object') {
      const entries: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) entries[name] = await visit(item, key ? `${key}.${name}` : name, depth + 1);
      return entries;
    }
    return value;
  };
  const rewritten = await visit(options, '', 0);
  return { files, options: rewritten };
}

/** Describes a plugin's instance: its package, version and options, and the model files its options name. */
export async function describePluginInstance(instance: object, pkg: { readonly name: string; readonly version?: string }, options: unknown, projectRoot: string): Promise<void> {
  const named = await filesNamedIn(options, projectRoot);
  describeComponent(instance, { settings: { plugin: pkg.name, pluginVersion: pkg.version ?? null, options: named.options ?? null }, files: named.files });
}
