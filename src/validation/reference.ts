import { z } from 'zod';

/**
 * The summary of a posteriordb reference posterior (reference.json of an example folder):
 * mean, sd, quantiles and diagnostics of 10 chains × 1000 thinned Stan NUTS draws per
 * quantity, and the sampler settings Stan needed. One zod declaration is both the check and
 * the type.
 */

const positiveFinite = z.number().positive().finite();

const referenceQuantitySchema = z.object({
  mean: z.number().finite(),
  sd: z.number().nonnegative().finite(),
  q5: z.number().finite(),
  q95: z.number().finite(),
  ess_bulk: positiveFinite,
  ess_tail: positiveFinite,
  rhat: positiveFinite,
  /** sd / sqrt(ess_bulk): the Monte Carlo standard error of the reference mean. */
  mcse_mean: z.number().nonnegative().finite(),
});

export const referenceSchema = z.object({
  posterior: z.string().min(1),
  n_draws: z.number().int().positive(),
  reference_sampler: z
    .object({
      control: z
        .object({ adapt_delta: z.number().gt(0).lt(1).optional(), max_treedepth: z.number().int().positive().optional() })
        .partial()
        .optional(),
    })
    .loose()
    .optional(),
  parameters: z.record(z.string(), referenceQuantitySchema),
});

export type ReferenceFile = z.infer<typeof referenceSchema>;

export interface ReferenceQuantity {
  readonly name: string;
  readonly mean: number;
  readonly sd: number;
  readonly q5: number;
  readonly q95: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
  readonly mcseMean: number;
}

export interface Reference {
  readonly posterior: string;
  readonly quantities: readonly ReferenceQuantity[];
  /** Stan's control settings for the reference run (adapt_delta, max_treedepth), if any. */
  readonly adaptDelta?: number;
  readonly maxTreeDepth?: number;
}

/** Checks a parsed reference.json; `place` (e.g. its path) starts every issue's message. */
export function parseReference(json: unknown, place: string): Reference {
  const result = referenceSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(`${place}: not a posteriordb reference summary: ${issues.join('; ')}`);
  }
  const file = result.data;
  const quantities = Object.entries(file.parameters).map(([name, q]) => ({
    name,
    mean: q.mean,
    sd: q.sd,
    q5: q.q5,
    q95: q.q95,
    essBulk: q.ess_bulk,
    essTail: q.ess_tail,
    rhat: q.rhat,
    mcseMean: q.mcse_mean,
  }));
  const control = file.reference_sampler?.control;
  return {
    posterior: file.posterior,
    quantities,
    ...(control?.adapt_delta === undefined ? {} : { adaptDelta: control.adapt_delta }),
    ...(control?.max_treedepth === undefined ? {} : { maxTreeDepth: control.max_treedepth }),
  };
}
