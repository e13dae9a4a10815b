/** The package version, kept here once so the plugin definition and default stylizer versions agree (tested against package.json). */
export const VERSION = '0.1.0';
