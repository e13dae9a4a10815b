import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import type { ProgressCallback } from '@geneava/core/contracts';
import { UsageError } from '@geneava/core/util';
import type { CreatedStudy, ExportedStudy, Rater, StudyServer } from '@geneava/study';

type StudyLibrary = typeof import('@geneava/study');

/**
 * @geneava/study is an optional dependency of the CLI: its answer store is a native SQLite module that
 * must be compiled where no prebuilt binary can be fetched, and nothing but `geneava study` needs it.
 * So it is imported when a study command runs, and its absence is one line saying what to install.
 */
async function studyLibrary(): Promise<StudyLibrary> {
  try {
    return await import('@geneava/study');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // better-sqlite3 is optional too: npm leaves it out when it can neither fetch its prebuilt binary
    // nor compile it (compiling offline needs Node's headers: npm_config_nodedir).
    const remedy = /better-sqlite3|better_sqlite3/.test(reason)
      ? 'build its SQLite module with: npm_config_nodedir=<folder holding include/node> npm rebuild better-sqlite3 (or install it where its prebuilt binary can be fetched)'
      : 'install it with: npm install @geneava/study';
    throw new UsageError(`geneava study needs the optional package @geneava/study, which could not be loaded (${reason}); ${remedy}`);
  }
}

export interface StudyCreateRequest {
  readonly from: string;
  readonly out: string;
  readonly pairsPerTask?: number;
  readonly ratersPerTask?: number;
  readonly raters?: number;
  readonly pairsPerCell?: number;
  readonly seed?: number;
  readonly strengthQuestion?: boolean;
}

/** `geneava study create`: the library's createStudy with paths taken from the working folder. */
export async function studyCreateHandler(request: StudyCreateRequest, cwd: string, onProgress?: ProgressCallback): Promise<CreatedStudy> {
  const { createStudy } = await studyLibrary();
  return createStudy({
    ...request,
    from: resolve(cwd, request.from),
    out: resolve(cwd, request.out),
    ...(onProgress ? { onProgress } : {}),
  });
}

export interface RunningStudyServer {
  readonly server: StudyServer;
  /** One link per rater, in raters.json order. */
  readonly links: readonly { readonly rater: string; readonly url: string }[];
}

/** The address people use to reach the server: on every interface, the machine's first LAN address. */
function publicHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const addresses of Object.values(networkInterfaces())) {
    const lan = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (lan) return lan.address;
  }
  return '127.0.0.1';
}

/** `geneava study serve`: starts the rater server on host:port (port 0: any free port) and makes the links. */
export async function studyServeHandler(
  request: { dir: string; host: string; port: number; abandonAfterMinutes?: number },
  cwd: string,
  onError?: (error: unknown) => void,
): Promise<RunningStudyServer> {
  if (!Number.isInteger(request.port) || request.port < 0 || request.port > 65535) throw new UsageError(`--port must be a port number (0 to 65535), got ${request.port}`);
  const abandon = request.abandonAfterMinutes;
  if (abandon !== undefined && !(Number.isFinite(abandon) && abandon > 0)) throw new UsageError(`--abandon-after must be a number of minutes above 0, got ${abandon}`);
  const { createStudyServer } = await studyLibrary();
  const server = await createStudyServer({
    dir: resolve(cwd, request.dir),
    ...(abandon === undefined ? {} : { abandonAfterMinutes: abandon }),
    ...(onError ? { onError } : {}),
  });
  let address;
  try {
    await server.app.listen({ host: request.host, port: request.port });
    address = server.app.server.address();
  } catch (error) {
    await server.close();
    throw new UsageError(`cannot listen on ${request.host}:${request.port}: ${(error as Error).message}`);
  }
  const port = typeof address === 'object' && address ? address.port : request.port;
  const base = `http://${publicHost(request.host)}:${port}`;
  return { server, links: server.folder.raters.raters.map((rater) => ({ rater: rater.id, url: `${base}/rate/${rater.token}` })) };
}

/** `geneava study export`. */
export async function studyExportHandler(request: { dir: string; annotateSource?: boolean }, cwd: string): Promise<ExportedStudy> {
  const { exportStudy } = await studyLibrary();
  return exportStudy(resolve(cwd, request.dir), request.annotateSource === undefined ? {} : { annotateSource: request.annotateSource });
}

/** `geneava study raters --add N`. */
export async function studyAddRatersHandler(request: { dir: string; add: number }, cwd: string): Promise<Rater[]> {
  const { addRaters } = await studyLibrary();
  return addRaters(resolve(cwd, request.dir), request.add);
}
