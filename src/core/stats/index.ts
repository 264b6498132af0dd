export { wilson, Z_95, type WilsonInterval } from './wilson.js';
export { fisherOneSided, fisherTwoSided, type FisherAlternative } from './fisher.js';
export { benjaminiHochberg } from './multiple.js';
export { quantile, median, mean } from './descriptive.js';
export {
  bernoulliCusum,
  type BernoulliCusumOptions,
  type BernoulliObservation,
  type BernoulliCusumResult,
} from './cusum.js';
export { lnFactorial, hypergeometricLogPmf } from './special.js';
export { studentUpperTail, regularizedBeta, lnGamma } from './student.js';
export {
  pearsonDispersion,
  pooledExtraVariance,
  moderatedDispersion,
  type DispersionEstimate,
  type ModeratedDispersion,
} from './dispersion.js';
