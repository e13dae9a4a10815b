/**
 * The avatar folder of each stylizer in a `geneava compare` output, by stylizer name: the name with
 * characters outside [A-Za-z0-9._-] replaced by "_" (a name of dots gets a leading "_"), and "-2",
 * "-3"... when two names meet, ignoring case (case-insensitive file systems would merge them).
 * The comparison writes these folders and the human study reads them back, so both use this one rule.
 */
export function compareAvatarFolders(names: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  return new Map(
    names.map((name) => {
      const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+$/, (dots) => `_${dots}`);
      let folder = safe;
      for (let k = 2; used.has(folder.toLowerCase()); k++) folder = `${safe}-${k}`;
      used.add(folder.toLowerCase());
      return [name, folder];
    }),
  );
}
