type Hook = (fn: () => Promise<void> | void, timeout?: number) => void;

/** The parts of the jest (or jest-compatible) global test API the suite uses. */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void> | void, timeout?: number): void;
  beforeAll: Hook;
  afterAll: Hook;
}

/**
 * The runner's globals, looked up when the suite is declared. Reading them from globalThis (instead of
 * importing a runner package) keeps @geneava/testing free of a test-runner dependency and works with
 * any runner that provides jest's globals.
 */
export function testApi(): TestApi {
  const globals = globalThis as unknown as Partial<TestApi>;
  const missing = (['describe', 'it', 'beforeAll', 'afterAll'] as const).filter((name) => typeof globals[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(
      `describeStylizerConformance: the test globals ${missing.join(', ')} are not defined; call it at the top level of a jest (or jest-compatible) test file`,
    );
  }
  return globals as TestApi;
}
