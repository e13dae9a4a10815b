import type { CommandModule } from 'yargs';
import { openRunScope, TOKENS } from '@geneava/core/di';
import { UsageError, type Logger } from '@geneava/core/util';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { LoraReport, SdxlFolderError } from '@geneava/generator-sdxl';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { EXIT, exitCodeOf, signalExitCode, type ExitCode } from '../exit-codes.js';
import type { GenerateResult, ImageOptions } from '@geneava/pipeline/generate';
import { DEFAULT_GENERATE_SIZE } from './flag-choices.js';
import { parseConditioningSize, parseCropTopLeft, parseSize } from './generate-flags.js';
import { createProgressRenderer } from '../output/progress.js';
import { interruptNotice, watchInterrupts, type InterruptedError } from './generate-interrupt.js';

interface GenerateArgs extends GlobalArgs {
  models: string;
  out: string;
  plan?: string;
  prompt?: string;
  'negative-prompt'?: string;
  lora?: string[];
  'lora-scale': number[];
  steps: number;
  guidance: number;
  scheduler: string;
  size: string;
  seed: number;
  count: number;
  batch: number;
  'hash-models': boolean;
  'init-image'?: string;
  refiner?: string;
  'refiner-start'?: number;
  strength?: number;
  'prompt-2'?: string;
  'negative-prompt-2'?: string;
  'clip-skip'?: number;
  'guidance-rescale'?: number;
  eta?: number;
  'original-size'?: string;
  'crop-top-left'?: string;
  'target-size'?: string;
  'negative-original-size'?: string;
  'negative-crop-top-left'?: string;
  'negative-target-size'?: string;
}

/** --lora A --lora B --lora-scale 0.8 --lora-scale 0.5: the first LoRA and the others, with their scales. */
function loraArgs(files: readonly string[], scales: readonly number[]): { lora?: string; loraScale: number; extraLoras?: { file: string; scale: number }[] } {
  if (scales.length > 1 && scales.length !== files.length) {
    throw new UsageError(`--lora-scale: give one scale for all LoRAs or one per --lora (${files.length} LoRA(s), ${scales.length} scales)`);
  }
  const scaleOf = (i: number) => (scales.length > 1 ? scales[i]! : (scales[0] ?? 1));
  if (files.length === 0) return { loraScale: scaleOf(0) };
  return {
    lora: files[0]!,
    loraScale: scaleOf(0),
    ...(files.length > 1 ? { extraLoras: files.slice(1).map((file, i) => ({ file, scale: scaleOf(i + 1) })) } : {}),
  };
}

/** The per-image settings of the flags, only those given. */
function imageOptions(args: GenerateArgs): ImageOptions {
  const size = (flag: keyof GenerateArgs & string) => (args[flag] !== undefined ? parseConditioningSize(flag, String(args[flag])) : undefined);
  const crop = (flag: keyof GenerateArgs & string) => (args[flag] !== undefined ? parseCropTopLeft(flag, String(args[flag])) : undefined);
  const options: Record<string, unknown> = {
    prompt2: args['prompt-2'],
    negativePrompt2: args['negative-prompt-2'],
    clipSkip: args['clip-skip'],
    guidanceRescale: args['guidance-rescale'],
    eta: args.eta,
    originalSize: size('original-size'),
    cropTopLeft: crop('crop-top-left'),
    targetSize: size('target-size'),
    negativeOriginalSize: size('negative-original-size'),
    negativeCropTopLeft: crop('negative-crop-top-left'),
    negativeTargetSize: size('negative-target-size'),
  };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ImageOptions;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `metadataFile`: the name of the records file generateFaces writes, loaded with it. */
function renderHuman(result: GenerateResult, metadataFile: string): string {
  const ok = result.items.filter((item) => item.status === 'ok').length;
  const skipped = result.items.filter((item) => item.status === 'skipped').length;
  const failed = result.items.filter((item) => item.status === 'failed').length;
  const stopped = result.interrupted;
  const total = result.items.length + (stopped?.notGenerated.length ?? 0);
  const notes = [...(skipped ? [`${skipped} already made with the same settings`] : []), ...(failed ? [`${failed} failed`] : [])];
  let text = `${stopped ? `${capitalized(stopped.reason)}: generated` : 'Generated'} ${ok} of ${total} image${total === 1 ? '' : 's'}${notes.length ? ` (${notes.join(', ')})` : ''} in ${result.out}; records in ${metadataFile}`;
  text += stopped ? `; ${stopped.notGenerated.length} not generated\n` : '\n';
  for (const lora of result.loras ?? (result.lora ? [result.lora] : [])) text += renderLora(lora);
  for (const item of result.items) if (item.status === 'failed') text += `failed: ${item.id}: ${item.error}\n`;
  return text;
}

/** What a LoRA did: modules patched, then every group of modules not applied and keys ignored, with why. */
function renderLora(lora: LoraReport): string {
  let text = `LoRA ${lora.file} (${lora.format}, scale ${lora.scale}): ${lora.applied.length} module(s) patched\n`;
  const unmatched = new Map<string, string[]>();
  for (const u of lora.unmatched) unmatched.set(u.reason, [...(unmatched.get(u.reason) ?? []), u.module]);
  for (const [reason, modules] of unmatched) text += `  not applied: ${modules.length} module(s) (${reason}), e.g. ${modules.slice(0, 3).join(', ')}\n`;
  for (const group of lora.ignoredGroups) text += `  ignored: ${group.count} key(s) (${group.reason}), e.g. ${group.examples.join(', ')}\n`;
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
        .option('lora', {
          type: 'string',
          array: true,
          describe: 'LoRA .safetensors (diffusers, PEFT or kohya keys; UNet, LoCon and text-encoder parts); repeat for several',
        })
        .option('lora-scale', { type: 'number', array: true, default: [1], describe: 'LoRA strength: one for all, or one per --lora in order' })
        .option('steps', { type: 'number', default: 30, describe: 'Denoising steps' })
        .option('guidance', { type: 'number', default: 5, describe: 'Classifier-free guidance scale (1 or less: off)' })
        .option('scheduler', {
          type: 'string',
          default: 'default',
          describe: "euler, euler-karras, euler-a, ddim, dpm++2m, dpm++2m-karras, dpm++2m-sde, dpm++2m-sde-karras, unipc, lcm, or default (the folder's scheduler_config.json)",
        })
        .option('eta', { type: 'number', describe: 'DDIM eta: noise added at each step (DDIM only; default 0)' })
        .option('refiner', { type: 'string', describe: 'SDXL refiner export folder: the base hands its latents over at --refiner-start, the refiner finishes' })
        .option('refiner-start', { type: 'number', describe: 'Fraction of the schedule the base runs before the refiner takes over (default 0.8)' })
        .option('init-image', { type: 'string', describe: 'Image-to-image: start every image from this picture (resized to --size; needs vae_encoder/)' })
        .option('strength', { type: 'number', describe: 'Image-to-image strength in (0, 1]: how much of the schedule runs (default 0.3)' })
        .option('prompt-2', { type: 'string', describe: 'Prompt for text_encoder_2 (diffusers prompt_2; default: --prompt)' })
        .option('negative-prompt-2', { type: 'string', describe: 'Negative prompt for text_encoder_2 (default: --negative-prompt)' })
        .option('clip-skip', { type: 'number', describe: 'Read hidden_states[-(clip-skip + 2)] of both text encoders (default 0: the penultimate)' })
        .option('guidance-rescale', { type: 'number', describe: 'guidance_rescale φ in 0..1 (default 0: off)' })
        .option('original-size', { type: 'string', describe: 'SDXL size conditioning: original size WIDTHxHEIGHT (default: --size)' })
        .option('crop-top-left', { type: 'string', describe: 'SDXL size conditioning: crop TOP,LEFT (default 0,0)' })
        .option('target-size', { type: 'string', describe: 'SDXL size conditioning: target size WIDTHxHEIGHT (default: --size)' })
        .option('negative-original-size', { type: 'string', describe: 'Size conditioning of the negative rows (with --negative-target-size)' })
        .option('negative-crop-top-left', { type: 'string', describe: 'Crop TOP,LEFT of the negative rows (default 0,0)' })
        .option('negative-target-size', { type: 'string', describe: 'Target size of the negative rows (with --negative-original-size)' })
        .option('size', { type: 'string', default: String(DEFAULT_GENERATE_SIZE), describe: 'Image size WIDTHxHEIGHT or one number, multiples of 8' })
        .option('seed', { type: 'number', default: 0, describe: 'Seed of the first --prompt image (plan items carry their own seeds)' })
        .option('count', { type: 'number', default: 1, describe: 'Number of --prompt images (seeds count up from --seed)' })
        .option('batch', { type: 'number', default: 1, describe: 'Images per UNet run (same seed, same image, whatever the batch)' })
        .option('hash-models', { type: 'boolean', default: true, describe: 'Record sha256 of the model files (external weights included) and LoRA in metadata' })
        .example('$0 generate --models sdxl-onnx --lora emo135.safetensors --plan plan.jsonl --out data', 'One image per plan item')
        .example('$0 generate --models sdxl-onnx --prompt "a smiling woman" --count 4 --batch 2 --out try', 'Four images of one prompt')
        .example('$0 generate --models sdxl-onnx --prompt "the same woman, laughing" --init-image anchor.png --strength 0.5 --out edits', 'Image-to-image'),
    handler: async (args) => {
      const { width, height } = parseSize(args.size);
      // Loaded when the command runs: the SDXL pipeline stays out of every other command.
      const [{ generateFaces, METADATA_FILE }, sdxl] = await Promise.all([import('@geneava/pipeline/generate'), import('@geneava/generator-sdxl')]);
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const scope = openRunScope(ctx.container);
      // In --json mode stderr carries JSON lines (progress), so the notice is one too.
      const interrupts = watchInterrupts((signal) =>
        io.stderr.write(ctx.json ? `${JSON.stringify({ interrupt: { signal, message: interruptNotice(signal) } })}\n` : `geneava: ${interruptNotice(signal)}\n`),
        io.signals,
      );
      try {
        const generated = await generateFaces(
          {
            cwd: io.cwd,
            models: args.models,
            out: args.out,
            ...(args.plan !== undefined ? { plan: args.plan } : {}),
            ...(args.prompt !== undefined ? { prompt: args.prompt } : {}),
            ...(args['negative-prompt'] !== undefined ? { negativePrompt: args['negative-prompt'] } : {}),
            ...loraArgs(args.lora ?? [], args['lora-scale']),
            steps: args.steps,
            guidance: args.guidance,
            scheduler: args.scheduler,
            width,
            height,
            seed: args.seed,
            count: args.count,
            batch: args.batch,
            hashModels: args['hash-models'],
            ...(args['init-image'] !== undefined ? { initImage: args['init-image'] } : {}),
            ...(args.refiner !== undefined ? { refiner: args.refiner } : {}),
            ...(args['refiner-start'] !== undefined ? { refinerStart: args['refiner-start'] } : {}),
            ...(args.strength !== undefined ? { strength: args.strength } : {}),
            imageOptions: imageOptions(args),
          },
          {
            runtime: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
            device: ctx.loaded.config.device as DevicePreference,
            logger: scope.resolve<Logger>(TOKENS.Logger),
            onProgress: progress.onProgress,
            signal: interrupts.signal,
          },
        );
        // Stopped by a signal: 130 (SIGINT) or 143 (SIGTERM), as every command exits when a signal stops it.
        const stoppedBy = generated.interrupted ? (interrupts.signal.reason as InterruptedError | undefined)?.signalName : undefined;
        const exitCode: ExitCode = stoppedBy ? signalExitCode(stoppedBy) : exitCodeOf(generated.outcome);
        const result = { ...generated, exitCode };
        progress.stop();
        io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderHuman(result, METADATA_FILE));
        runtime.setExitCode(result.exitCode);
      } catch (error) {
        progress.stop();
        if (!(error instanceof sdxl.SdxlFolderError)) throw error;
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
