// Types for the preinstall check, so its tests are typechecked.
export interface PendingDownload {
  files: string[];
  feed: string;
}
export interface CheckInput {
  env: Record<string, string | undefined>;
  platform: string;
  arch: string;
  ortDir: string | undefined;
  projectPackageJsonText: string | undefined;
  probeUrl?: (url: string) => Promise<string | undefined>;
}
export function check(input: CheckInput): Promise<string | undefined>;
export function deniedByAllowScripts(packageJsonText: string): boolean;
export function pendingDownload(ortDir: string, platform: string, arch: string): PendingDownload;
export function probe(url: string, timeoutMs?: number): Promise<string | undefined>;
export function failureMessage(host: string, reason: string): string;
export function installFlagSet(env: Record<string, string | undefined>): boolean;
