import type { DevicePreference } from '../onnx/device.js';
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
}
