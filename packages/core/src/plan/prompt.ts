import { UsageError } from '../util/errors.js';

/** The paper's example prompt, as a template. */
export const DEFAULT_PROMPT_TEMPLATE =
  'A photorealistic face of {article} {age} {race} {gender} with shoulders visible, displaying a facial expression of {expression}, plain white background.';

export const PROMPT_PLACEHOLDERS = ['article', 'age', 'race', 'gender', 'expression', 'family'] as const;
type Placeholder = (typeof PROMPT_PLACEHOLDERS)[number];

/** Checks a template once, before any item is planned, so a typo fails the whole plan with its name. */
export function validatePromptTemplate(template: string): void {
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PROMPT_PLACEHOLDERS as readonly string[]).includes(match[1])) {
      throw new UsageError(
        `prompt template: unknown placeholder {${match[1]}} (known: ${PROMPT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
  }
}

/** "a" or "an" for the word that follows; decided by the first letter, which fits every age label used. */
export function indefiniteArticle(nextWord: string): 'a' | 'an' {
  return /^[aeiou]/i.test(nextWord) ? 'an' : 'a';
}

export function renderPrompt(template: string, values: Omit<Record<Placeholder, string>, 'article'>): string {
  const filled: Record<Placeholder, string> = { ...values, article: indefiniteArticle(values.age) };
  return template.replace(/\{([^{}]*)\}/g, (_, key: string) => filled[key as Placeholder]);
}
