/**
 * A model session opened on first use: vae_encoder is needed only by image-to-image requests, so a
 * text-to-image run never pays for loading it. Concurrent first uses share one load.
 */
import type { CreateSessionOptions, OnnxRuntime, OnnxSession } from '@geneava/core/onnx';

export class LazySession {
  private opening: Promise<OnnxSession> | undefined;

  constructor(
    private readonly runtime: OnnxRuntime,
    readonly path: string,
    private readonly options: CreateSessionOptions,
  ) {}

  get(): Promise<OnnxSession> {
    this.opening ??= this.runtime.createSession(this.path, this.options);
    return this.opening;
  }

  /** Whether get() was called (the session is open or opening). */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  async dispose(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await (await opening).dispose();
  }
}
