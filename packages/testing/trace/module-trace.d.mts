export interface ModuleTrace {
  /** The packages (nearest package.json name) of the modules loaded since the trace started or since the last call, sorted. */
  takePackages(): string[];
  /** Stops listening; the process can then exit. */
  stop(): void;
}

/** Registers module hooks that report every module the process loads from now on. */
export function startModuleTrace(): ModuleTrace;
