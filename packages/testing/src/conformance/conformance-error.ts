/** A stylizer broke the contract; the message names the stylizer, the input and what is wrong. */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** "stylizer "classic" on ordinary 256x192 portrait: <problem>". */
export function violation(stylizerId: string, where: string, problem: string): ConformanceError {
  return new ConformanceError(`stylizer "${stylizerId}" on ${where}: ${problem}`);
}
