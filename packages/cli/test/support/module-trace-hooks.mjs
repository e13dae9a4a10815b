// Module hooks (node:module register) for import-trace.mjs: they report every module Node loads to the
// main thread, which reads the reports synchronously after each import.
let port;

export function initialize(data) {
  port = data.port;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  // Posted before the load returns, so it is queued before the importing thread goes on.
  port.postMessage(url);
  return result;
}
