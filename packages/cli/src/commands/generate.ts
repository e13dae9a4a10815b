import type { CommandModule } from 'yargs';
import { openRunScope, TOKENS, type DevicePreference, type Logger, type OnnxRuntime } from '@geneava/core';
import { SdxlFolderError } from '@geneava/generator-sdxl';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_SIZE, generateHandler, METADATA_FILE, parseSize, type GenerateResult } from '../handlers/generate.js';
import { createProgressRenderer } from '../output/progress.js';
import { interruptNotice, watchInterrupts } from './generate-interrupt.js';

interface GenerateArgs extends GlobalArgs {
  models: string;
  out: string;
  plan?: string;
  prompt?: string;
  'negative-prompt'?: string;
  lora?: string;
  'lora-scale': number;
  steps: number;
  guidance: number;
  scheduler: string;
  size: string;
  seed: number;
  count: number;
  batch: number;
  'hash-models': boolean;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function renderHuman(result: GenerateResult): string {
  const ok = result.items.filter((item) => item.status === 'ok').length;
  const skipped = result.items.filter((item) => item.status === 'skipped').length;
  const failed = result.items.filter((item) => item.status === 'failed').length;
  const stopped = result.interrupted;
  const total = result.items.length + (stopped?.notGenerated.length ?? 0);
  const notes = [...(skipped ? [`${skipped} already made with the same settings`] : []), ...(failed ? [`${failed} failed`] : [])];
  let text = `${stopped ? `${capitalized(stopped.reason)}: generated` : 'Generated'} ${ok} of ${total} image${total === 1 ? '' : 's'}${notes.length ? ` (${notes.join(', ')})` : ''} in ${result.out}; records in ${METADATA_FILE}`;
  text += stopped ? `; ${stopped.notGenerated.length} not generated\n` : '\n';
  if (result.lora) text += `LoRA ${result.lora.file} (${result.lora.format}, scale ${result.lora.scale}): ${result.lora.applied.length} module(s) patched\n`;
  for (const item of result.items) if (item.status === 'failed') text += `failed: ${item.id}: ${item.error}\n`;
  return text;
}

function renderFolderProblems(error: SdxlFolderError): string {
  const { report } = error;
  const problems = report.problems.map((p) => `  ${p.file}: ${p.message}\n`).join('');
  return `${report.path}: not a valid sdxl model (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}); nothing was generated\n${problems}`;
}

export function generateCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GenerateArgs> {
  const { io } = runtime;
  return {
    command: 'generate',
    describe: 'Generate photorealistic faces with SDXL (+ LoRA) on ONNX Runtime, for a plan or a prompt',
    builder: (y) =>
      y
        .option('models', { type: 'string', demandOption: true, describe: 'Optimum SDXL export folder (checked like `models check sdxl` first)' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Output folder: images/<expression>/<id>.png (plan) or images/<id>.png, and metadata.jsonl' })
        .option('plan', { type: 'string', describe: 'Plan file from `geneava plan` (JSON Lines); one image per item, with its seed' })
        .option('prompt', { type: 'string', describe: 'One prompt instead of a plan' })
        .option('negative-prompt', { type: 'string', describe: 'Negative prompt for --prompt (default: none, i.e. zero negative conditioning)' })
        .option('lora', { type: 'string', describe: 'LoRA .safetensors (diffusers, PEFT or kohya keys) patched into the UNet' })
        .option('lora-scale', { type: 'number', default: 1, describe: 'LoRA strength' })
        .option('steps', { type: 'number', default: 30, describe: 'Denoising steps' })
        .option('guidance', { type: 'number', default: 5, describe: 'Classifier-free guidance scale (1 or less: off)' })
        .option('scheduler', { type: 'string', default: 'default', describe: "euler, ddim, dpm++2m, or default (the folder's scheduler_config.json)" })
        .option('size', { type: 'string', default: String(DEFAULT_SIZE), describe: 'Image size WIDTHxHEIGHT or one number, multiples of 8' })
        .option('seed', { type: 'number', default: 0, describe: 'Seed of the first --prompt image (plan items carry their own seeds)' })
        .option('count', { type: 'number', default: 1, describe: 'Number of --prompt images (seeds count up from --seed)' })
        .option('batch', { type: 'number', default: 1, describe: 'Images per UNet run (same seed, same image, whatever the batch)' })
        .option('hash-models', { type: 'boolean', default: true, describe: 'Record sha256 of the model files (external weights included) and LoRA in metadata' })
        .example('$0 generate --models sdxl-onnx --lora emo135.safetensors --plan plan.jsonl --out data', 'One image per plan item')
        .example('$0 generate --models sdxl-onnx --prompt "a smiling woman" --count 4 --batch 2 --out try', 'Four images of one prompt'),
    handler: async (args) => {
      const { width, height } = parseSize(args.size);
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const scope = openRunScope(ctx.container);
      // In --json mode stderr carries JSON lines (progress), so the notice is one too.
      const interrupts = watchInterrupts((signal) =>
        io.stderr.write(ctx.json ? `${JSON.stringify({ interrupt: { signal, message: interruptNotice(signal) } })}\n` : `geneava: ${interruptNotice(signal)}\n`),
      );
      try {
        const result = await generateHandler(
          {
            models: args.models,
            out: args.out,
            ...(args.plan !== undefined ? { plan: args.plan } : {}),
            ...(args.prompt !== undefined ? { prompt: args.prompt } : {}),
            ...(args['negative-prompt'] !== undefined ? { negativePrompt: args['negative-prompt'] } : {}),
            ...(args.lora !== undefined ? { lora: args.lora } : {}),
            loraScale: args['lora-scale'],
            steps: args.steps,
            guidance: args.guidance,
            scheduler: args.scheduler,
            width,
            height,
            seed: args.seed,
            count: args.count,
            batch: args.batch,
            hashModels: args['hash-models'],
          },
          io.cwd,
          {
            runtime: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
            device: ctx.loaded.config.device as DevicePreference,
            logger: scope.resolve<Logger>(TOKENS.Logger),
            onProgress: progress.onProgress,
            signal: interrupts.signal,
          },
        );
        progress.stop();
        io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderHuman(result));
        runtime.setExitCode(result.exitCode);
      } catch (error) {
        progress.stop();
        if (!(error instanceof SdxlFolderError)) throw error;
        if (args.json) io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message }, report: error.report })}\n`);
        else io.stderr.write(renderFolderProblems(error));
        runtime.setExitCode(EXIT.failure);
      } finally {
        interrupts.dispose();
        await scope.dispose();
      }
    },
  };
}
