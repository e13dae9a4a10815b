/**
 * The two fixture CLIP text encoders, with the input and output names, order, dtypes and ranks of
 * Optimum's exports (last_hidden_state, pooler_output / text_embeds, hidden_states.0..N). Each hidden
 * state is the token feature f(id) · u plus its layer code times the layer direction, so reading the
 * wrong layer changes the result (see fixture-weights.ts).
 */
import { OnnxGraphBuilder, type FloatType, type SaveOptions } from '@geneava/core/onnx';
import { FIXTURE_ID_MODULUS, TEXT_ENCODER_LORA_MODULE, type TextEncoderWeights } from './fixture-weights.js';
import { nodePrefixOfModule } from './module-path.js';

export interface TextEncoderModelOptions {
  readonly idsType: 'int32' | 'int64';
  readonly floatType: FloatType;
  readonly weights: TextEncoderWeights;
  /** text_encoder_2 (CLIPTextModelWithProjection): text_embeds first, no pooler_output. */
  readonly withProjection?: { readonly pooledOffset: Float32Array };
  readonly save?: SaveOptions;
}

export async function writeFixtureTextEncoder(path: string, options: TextEncoderModelOptions): Promise<void> {
  const { weights } = options;
  const hidden = weights.u.length;
  const b = new OnnxGraphBuilder({ floatType: options.floatType, opset: 14, producer: 'pytorch' });
  const ids = b.input('input_ids', options.idsType, ['batch_size', 'sequence_length']);
  const modulus = b.constantInitializer('/text_model/Constant', options.idsType, [], [FIXTURE_ID_MODULUS]);
  const reduced = b.node('Mod', [ids, modulus], 1, { name: '/text_model/embeddings/Mod', attributes: { fmod: 0 } })[0]!;
  const feature = b.op.unsqueeze(b.op.cast(reduced, 'float'), [2]);
  // f · u as a Linear 1 → hidden named like a CLIP layer, so text-encoder LoRA has a layer to adapt.
  const base = b.op.linear(feature, {
    weightName: 'onnx::MatMul_8001',
    weight: weights.u,
    inFeatures: 1,
    outFeatures: hidden,
    modulePath: nodePrefixOfModule(TEXT_ENCODER_LORA_MODULE),
  });

  const sequenceDims = ['batch_size', 'sequence_length', hidden];
  const offsetOf = (name: string, value: number) => b.initializer(name, 'float', [], [value]);
  const last = b.op.add(base, offsetOf('text_model.final_layer_norm.bias', weights.lastHiddenOffset), { output: 'last_hidden_state' });
  const layerDirection = b.initializer('text_model.encoder.layer_direction', 'float', [hidden], weights.layerDirection);
  const states = weights.layerCodes.map((code, i) =>
    b.op.add(base, b.op.mul(layerDirection, offsetOf(`text_model.encoder.layers.${i}.code`, code)), {
      name: `/text_model/encoder/layers.${i}/Add`,
      output: `hidden_states.${i}`,
    }),
  );

  if (options.withProjection) {
    const projected = b.op.reduceMean(base, [1], false);
    const pooledOffset = b.initializer('text_projection.bias', 'float', [hidden], options.withProjection.pooledOffset);
    const embeds = b.op.add(projected, pooledOffset, { output: 'text_embeds' });
    // Optimum labels axis 1 of text_embeds "sequence_length" although it holds the projection.
    b.output(embeds, 'float', ['batch_size', 'sequence_length']);
    b.output(last, 'float', sequenceDims);
  } else {
    b.output(last, 'float', sequenceDims);
    b.output(b.op.reduceMean(base, [1], false, { output: 'pooler_output' }), 'float', ['batch_size', hidden]);
  }
  states.forEach((state) => b.output(state, 'float', sequenceDims));
  await b.save(path, options.save);
}
