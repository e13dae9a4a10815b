/**
 * scheduler_config.json files byte for byte as diffusers saves them: Python's json module writes the
 * class default lambda_min_clipped = -inf as a bare `-Infinity`, which is not JSON, and every key of
 * the class appears, defaults included. A loader that only accepts strict JSON fails on these.
 */

/** DPMSolverMultistepScheduler.from_config(sdxl_base.scheduler.config).save_config(...) (diffusers 0.27). */
export const DIFFUSERS_DPM_SCHEDULER_CONFIG_TEXT = `{
  "_class_name": "DPMSolverMultistepScheduler",
  "_diffusers_version": "0.27.2",
  "algorithm_type": "dpmsolver++",
  "beta_end": 0.012,
  "beta_schedule": "scaled_linear",
  "beta_start": 0.00085,
  "clip_sample": false,
  "dynamic_thresholding_ratio": 0.995,
  "euler_at_final": false,
  "final_sigmas_type": "zero",
  "interpolation_type": "linear",
  "lambda_min_clipped": -Infinity,
  "lower_order_final": true,
  "num_train_timesteps": 1000,
  "prediction_type": "epsilon",
  "rescale_betas_zero_snr": false,
  "sample_max_value": 1.0,
  "set_alpha_to_one": false,
  "skip_prk_steps": true,
  "solver_order": 2,
  "solver_type": "midpoint",
  "steps_offset": 1,
  "thresholding": false,
  "timestep_spacing": "leading",
  "trained_betas": null,
  "use_karras_sigmas": false,
  "use_lu_lambdas": false,
  "variance_type": null
}
`;
