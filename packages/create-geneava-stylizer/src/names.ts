/** The forms of a kebab-case style name the templates use. */
export interface StyleNames {
  /** "pop-art": plugin name, stylizer id and source file names. */
  readonly name: string;
  /** "PopArt": prefix of the stylizer class and options type. */
  readonly className: string;
  /** "popArt": prefix of the options schema constant and the plugin export. */
  readonly propertyName: string;
  /** "pop-art": source file names. */
  readonly fileName: string;
}

export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function styleNames(name: string): StyleNames {
  const words = name.split('-');
  const className = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return { name, className, propertyName: className.charAt(0).toLowerCase() + className.slice(1), fileName: name };
}

/** A TypeScript string literal in single quotes. */
export function singleQuotedLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
