/** Where models run: `auto` tries CUDA and falls back to CPU with one warning; `cuda` never falls back. */
export type DevicePreference = 'auto' | 'cuda' | 'cpu';
export const DEVICE_PREFERENCES: readonly DevicePreference[] = ['auto', 'cuda', 'cpu'];

/** Where a session actually runs. */
export type ExecutionDevice = 'cuda' | 'cpu';
