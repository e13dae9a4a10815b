// Module hooks (node:module register) for module-trace.mjs: they report every module Node loads to the
// thread that registered them, which reads the reports synchronously when it asks.
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
