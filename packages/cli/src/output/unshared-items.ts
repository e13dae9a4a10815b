import type { ComparisonModel } from '@geneava/evaluator';

/**
 * The lines telling which photos the comparison's summaries leave out (some stylizer has no scored pair
 * for them) and who lacks them; empty when every stylizer was scored on every compared photo.
 */
export function unsharedItemLines(model: Pick<ComparisonModel, 'counts' | 'unshared'>): string {
  if (model.unshared.length === 0) return '';
  const { shared } = model.counts;
  let text = `summaries over the ${shared} photo${shared === 1 ? '' : 's'} every stylizer was scored on; left out:\n`;
  for (const item of model.unshared) text += `  ${item.id} (not scored by ${item.missing.join(', ')})\n`;
  return text;
}
