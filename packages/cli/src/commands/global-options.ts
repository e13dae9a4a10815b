import type { Argv } from 'yargs';
import { DEVICE_PREFERENCES } from '@geneava/core/onnx';

/** Options shared by every command. */
export function withGlobalOptions<T>(argv: Argv<T>) {
  return argv
    .option('config', { type: 'string', describe: 'Config file (default: ./geneava.config.json when present)', global: true })
    .option('device', { type: 'string', choices: DEVICE_PREFERENCES as string[], describe: 'Where models run: auto tries CUDA then falls back to CPU', global: true })
    .option('gpu', { type: 'number', describe: 'Which GPU CUDA runs on (default 0; config key "gpu")', global: true })
    .option('max-pixels', { type: 'number', describe: 'Refuse images with more pixels than this (config image.maxPixels, default 100000000)', global: true })
    .option('decode-pixels', { type: 'number', describe: 'Reduce larger images to this many pixels while decoding (config image.decodePixels, default 16777216)', global: true })
    .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output on stdout', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'Only errors on stderr', global: true })
    .option('verbose', { type: 'boolean', default: false, describe: 'Debug messages on stderr', global: true });
}
