/** The package version, kept here once so `info.version` and the plugin definition agree (tested against package.json). */
export const VERSION = '0.1.0';
