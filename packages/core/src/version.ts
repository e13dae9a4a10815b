/** This package's version, named in compatibility errors. Kept equal to package.json by a test. */
export const CORE_VERSION = '0.1.0';
