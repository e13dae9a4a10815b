export { runCli } from './main.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export type { CliIo } from './output/io.js';
