/**
 * Test support: an OnnxRuntime whose sessions record every feed they are run with, by model folder
 * ("unet", "vae_encoder", ...), so tests can compare what the pipeline fed a model at each step with a
 * reference computed independently.
 */
import { OnnxRuntime, type CreateSessionOptions, type OnnxSession, type TensorFeed } from '@geneava/core/onnx';

export type RecordedFeeds = Record<string, TensorFeed>;

export class RecordingRuntime extends OnnxRuntime {
  readonly feeds = new Map<string, RecordedFeeds[]>();

  /** The feeds of every run of the model whose label contains `component` (e.g. "unet"). */
  runsOf(component: string): RecordedFeeds[] {
    return this.feeds.get(component) ?? [];
  }

  override async createSession(model: string | Uint8Array, options?: CreateSessionOptions): Promise<OnnxSession> {
    const session = await super.createSession(model, options);
    const component = ['text_encoder_2', 'text_encoder', 'unet', 'vae_encoder', 'vae_decoder'].find((name) => session.label.includes(`${name}/`) || session.label.includes(`${name} `));
    if (!component) return session;
    const runs: RecordedFeeds[] = [];
    this.feeds.set(component, runs);
    return {
      label: session.label,
      device: session.device,
      inputs: session.inputs,
      outputs: session.outputs,
      run: (feeds, fetches, runOptions) => {
        // Copies: the pipeline refills its input buffers in place at every step.
        runs.push(Object.fromEntries(Object.entries(feeds).map(([name, feed]) => [name, { ...feed, data: feed.data.slice() } as TensorFeed])));
        return session.run(feeds, fetches, runOptions);
      },
      dispose: () => session.dispose(),
    };
  }
}

/** A recorded float feed as numbers (float16 feeds are not expected here). */
export function feedValues(feed: TensorFeed | undefined): number[] {
  if (!feed) throw new Error('no such feed was recorded');
  if (feed.dtype === 'float16') throw new Error('feedValues reads float32 and integer feeds only');
  return Array.from(feed.data as ArrayLike<number | bigint>, Number);
}
