// tsyringe throws at import time without the Reflect polyfill; load it before tsyringe.
import 'reflect-metadata';
/**
 * Plugins take the DI decorators from here, never from tsyringe, so a process has one container
 * library copy (the one core depends on). Every constructor parameter must carry @inject/@injectAll:
 * the project does not rely on emitted decorator metadata (SWC, esbuild and future TypeScript builds
 * do not all emit it).
 */
export { inject, injectAll, injectable, singleton, Lifecycle, delay } from 'tsyringe';
export type { DependencyContainer, InjectionToken } from 'tsyringe';
