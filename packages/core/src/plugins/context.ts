import type { DevicePreference } from '../onnx/device.js';
import type { FaceAnalyzer } from '../contracts/face-analyzer.js';
import type { ProgressCallback } from '../contracts/progress.js';
import type { Logger } from '../util/logger.js';
import type { OnnxRuntime } from '../onnx/runtime.js';

/** What a plugin's create() receives: its validated options and the run's shared services. */
export interface PluginContext<TOptions = unknown> {
  readonly options: TOptions;
  /** Folder relative paths in options are resolved against (the config file's folder). */
  readonly projectRoot: string;
  readonly device: DevicePreference;
  /** The only way plugins reach onnxruntime; sessions created through it are released with the run. */
  readonly onnx: OnnxRuntime;
  readonly logger: Logger;
  readonly onProgress?: ProgressCallback;
  /**
   * The run's face analyzer, when the run has one (it detects the faces the stylizers get): a plugin
   * that needs face analysis (an evaluator) uses it instead of loading a second copy of the models, and
   * leaves disposing it to the run.
   */
  readonly faceAnalyzer?: FaceAnalyzer;
}
