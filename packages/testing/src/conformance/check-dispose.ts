import type { Stylizer } from '@geneava/core/contracts';
import { violation } from './conformance-error.js';
import type { SessionCounter, StylizerFactory } from './options.js';
import type { ConformanceSample } from './samples.js';

/**
 * A fresh stylizer, used once, then disposed: dispose() (when present) resolves, and the ONNX runtime,
 * when given, holds no more sessions than before the stylizer was created (0 when nothing else is open).
 */
export async function checkDispose(factory: StylizerFactory, sample: ConformanceSample, onnx?: SessionCounter | (() => SessionCounter)): Promise<void> {
  const openSessions = (): number | undefined => (typeof onnx === 'function' ? onnx() : onnx)?.openSessionCount;
  const before = openSessions();
  const stylizer: Stylizer = await factory();
  await stylizer.stylize(sample.input);
  const during = openSessions();
  try {
    await stylizer.dispose?.();
  } catch (error) {
    throw violation(stylizer.info.id, 'dispose()', `threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  const after = openSessions();
  if (before !== undefined && after !== undefined && after > before) {
    throw violation(stylizer.info.id, 'dispose()', `left ${after - before} ONNX session(s) open (${during} open while it ran, ${before} before it was created)`);
  }
}
