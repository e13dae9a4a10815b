import { parseArgs } from 'node:util';
import { createStylizer } from './create-stylizer.js';
import { TEMPLATES } from './templates.js';

export const USAGE = `Usage: npm create geneava-stylizer NAME [-- --template filter|onnx-face] [--dir DIR] [--scope @org] [--description TEXT]
       npx create-geneava-stylizer NAME [--template ${TEMPLATES.join('|')}] [--dir DIR] [--scope @org] [--description TEXT]

Writes geneava-stylizer-NAME (or DIR): a stylizer plugin package with its tests and README.
  --template     filter (weights-free, default) or onnx-face (an ONNX model applied to aligned faces)
  --dir          folder to create (default ./geneava-stylizer-NAME); must be new or empty
  --scope        npm scope of the package name (e.g. @my-org)
  --description  one-line description`;

/** Where the command writes; the bin script passes the process's streams. */
export interface MainIo {
  readonly cwd: string;
  readonly templatesDir: string;
  readonly coreRange: string;
  readonly testingRange: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The command line: returns the exit code (0 done, 1 refused, 64 usage error). */
export function main(argv: readonly string[], io: MainIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        template: { type: 'string', short: 't' },
        dir: { type: 'string', short: 'd' },
        scope: { type: 'string' },
        description: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`create-geneava-stylizer: ${(error as Error).message}\n${USAGE}\n`);
    return 64;
  }
  if (parsed.values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.err(`create-geneava-stylizer: give exactly one style NAME (got ${parsed.positionals.length}).\n${USAGE}\n`);
    return 64;
  }
  try {
    const created = createStylizer({ name: parsed.positionals[0] as string, ...parsed.values, cwd: io.cwd, templatesDir: io.templatesDir, coreRange: io.coreRange, testingRange: io.testingRange });
    io.out(
      `Created ${created.packageName} (${created.template} template) in ${created.dir}\n\nNext:\n  cd ${created.dir}\n  npm install\n  npm test\n  npm run build\n`,
    );
    return 0;
  } catch (error) {
    io.err(`${(error as Error).message}\n`);
    return 1;
  }
}
