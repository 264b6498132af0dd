import { assertCount, assertOpenProbability } from './internal.js';

export interface BernoulliCusumOptions {
  /** In-control (baseline) success rate. */
  p0: number;
  /** Out-of-control rate to detect; must satisfy 0 < p1 < p0 < 1 (a drop). */
  p1: number;
  /** Decision threshold h > 0; a signal is raised when S_t >= h. */
  h: number;
}

export interface BernoulliObservation {
  successes: number;
  n: number;
}

export interface BernoulliCusumResult {
  /** Log-likelihood-ratio increment contributed by each observation. */
  increments: number[];
  /** S_t after each observation (S_{-1} = 0, no reset after a signal). */
  path: number[];
  /** Index of the first observation with S_t >= h, or -1 if none. */
  firstCrossing: number;
}

/**
 * One-sided Bernoulli CUSUM for a drop of a success rate from p0 to p1 over
 * aggregated observations (e.g. weekly cohorts):
 *   increment_t = s_t ln(p1/p0) + (n_t - s_t) ln((1 - p1)/(1 - p0)),
 *   S_t = max(0, S_{t-1} + increment_t).
 * Each increment is the log-likelihood ratio of H1 (rate p1) vs H0 (rate p0)
 * for that cohort, so failures push S up and successes pull it down.
 */
export function bernoulliCusum(
  options: BernoulliCusumOptions,
  observations: readonly BernoulliObservation[],
): BernoulliCusumResult {
  const { p0, p1, h } = options;
  assertOpenProbability('p0', p0);
  assertOpenProbability('p1', p1);
  if (!(p1 < p0)) throw new RangeError(`p1 (${p1}) must be below p0 (${p0}) to detect a drop`);
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`h must be a finite number > 0, got ${h}`);

  const successWeight = Math.log(p1) - Math.log(p0);
  // log1p keeps ln(1 - p) accurate when the rates are tiny (ln(1 - 1e-12) etc.).
  const failureWeight = Math.log1p(-p1) - Math.log1p(-p0);

  const increments: number[] = [];
  const path: number[] = [];
  let s = 0;
  let firstCrossing = -1;
  observations.forEach((obs, t) => {
    assertCount(`observations[${t}].n`, obs.n);
    assertCount(`observations[${t}].successes`, obs.successes);
    if (obs.successes > obs.n) {
      throw new RangeError(`observations[${t}]: successes (${obs.successes}) exceeds n (${obs.n})`);
    }
    const inc = obs.successes * successWeight + (obs.n - obs.successes) * failureWeight;
    s = Math.max(0, s + inc);
    increments.push(inc);
    path.push(s);
    if (firstCrossing === -1 && s >= h) firstCrossing = t;
  });
  return { increments, path, firstCrossing };
}
