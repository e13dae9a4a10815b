// jest runs each test file in its own vm realm. Native addons (onnxruntime-node, sharp) and Node's
// Buffer create typed arrays in the main realm, and onnxruntime-common checks `data instanceof
// Float32Array` against the test realm's constructor, which fails across realms (jestjs/jest#11864).
// Make `instanceof` compare the typed-array kind instead of the realm-specific constructor.
const kinds = [
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];
for (const kind of kinds) {
  const ctor = globalThis[kind];
  if (typeof ctor !== 'function') continue;
  Object.defineProperty(ctor, Symbol.hasInstance, {
    configurable: true,
    value(candidate) {
      // Subclasses (Buffer inherits from Uint8Array) keep the ordinary check.
      if (this !== ctor) return Function.prototype[Symbol.hasInstance].call(this, candidate);
      if (candidate === null || typeof candidate !== 'object') return false;
      if (!ArrayBuffer.isView(candidate)) return false;
      return Object.prototype.toString.call(candidate) === `[object ${kind}]`;
    },
  });
}
