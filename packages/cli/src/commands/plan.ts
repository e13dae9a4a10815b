import type { CommandModule } from 'yargs';
import { EXPRESSION_LIST, GENDER_IDS, RACE_IDS, AGE_GROUP_IDS } from '@geneava/core/taxonomy';
import { commaList, type CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { formatTable } from '../output/table.js';

interface PlanArgs extends GlobalArgs {
  out?: string;
  expressions?: string[];
  families?: string[];
  genders?: string[];
  races?: string[];
  'age-groups'?: string[];
  'per-cell'?: number;
  seed?: number;
  'max-items'?: number;
  'prompt-template'?: string;
  'negative-prompt'?: string;
  'list-expressions'?: boolean;
}

export function planCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, PlanArgs> {
  const { io } = runtime;
  return {
    command: 'plan',
    describe: 'Write a balanced generation plan (expression x gender x race x age group) as JSON Lines',
    builder: (y) =>
      y
        .option('out', { alias: 'o', type: 'string', describe: 'Output file (.jsonl); "-" or omitted: stdout' })
        .option('expressions', { type: 'string', array: true, coerce: commaList, describe: 'Expressions to plan, comma-separated (default: all 135)' })
        .option('families', { type: 'string', array: true, coerce: commaList, describe: 'Expression families: love, joy, surprise, anger, sadness, fear' })
        .option('genders', { type: 'string', array: true, coerce: commaList, describe: `Genders (${GENDER_IDS.join(', ')})` })
        .option('races', { type: 'string', array: true, coerce: commaList, describe: `Races (${RACE_IDS.join(', ')})` })
        .option('age-groups', { type: 'string', array: true, coerce: commaList, describe: `Age groups (${AGE_GROUP_IDS.join(', ')})` })
        .option('per-cell', { type: 'number', describe: 'Images per demographic cell (default 1: 98 per expression)' })
        .option('seed', { type: 'number', describe: 'Base seed mixed into every item seed (default 0)' })
        .option('max-items', { type: 'number', describe: 'Stop after this many items' })
        .option('prompt-template', { type: 'string', describe: 'Template with {article} {age} {race} {gender} {expression} {family}' })
        .option('negative-prompt', { type: 'string', describe: 'Negative prompt stored with every item' })
        .option('list-expressions', { type: 'boolean', default: false, describe: 'List the 135 expressions and their families, then exit' })
        .example('$0 plan --expressions joy,anger --out plan.jsonl', 'Plan 196 items: 98 per expression'),
    handler: async (args) => {
      if (args['list-expressions']) {
        io.stdout.write(
          args.json
            ? `${JSON.stringify(EXPRESSION_LIST)}\n`
            : formatTable(['#', 'EXPRESSION', 'FAMILY', 'CLUSTER'], EXPRESSION_LIST.map((e) => [String(e.index), e.name, e.family, e.cluster])),
        );
        return;
      }
      const ctx = await createCliContext(args, io, {
        plan: {
          expressions: args.expressions,
          families: args.families,
          genders: args.genders,
          races: args.races,
          ageGroups: args['age-groups'],
          perCell: args['per-cell'],
          baseSeed: args.seed,
          maxItems: args['max-items'],
          promptTemplate: args['prompt-template'],
          negativePrompt: args['negative-prompt'],
        },
      });
      const { writePlan } = await import('@geneava/pipeline/plan');
      const result = await writePlan({ plan: ctx.loaded.config.plan, ...(args.out !== undefined ? { out: args.out } : {}), cwd: io.cwd });
      const perExpression = result.expressions > 0 ? result.items.length / result.expressions : 0;
      if (!result.out) {
        io.stdout.write(result.jsonl);
      } else if (args.json) {
        io.stdout.write(`${JSON.stringify({ out: result.out, items: result.items.length, expressions: result.expressions, perExpression })}\n`);
      } else {
        io.stdout.write(`Wrote ${result.items.length} items (${result.expressions} expressions, ${perExpression} per expression) to ${result.out}\n`);
      }
      runtime.setExitCode(exitCodeOf(result.outcome));
    },
  };
}
