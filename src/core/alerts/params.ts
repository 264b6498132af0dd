// Per-workspace parameters of the conversion-drop alerts, their defaults and validation.
// The defaults for the window length and the CUSUM were chosen with `npm run eval:alerts`;
// see the comment at the top of detector.ts for the measured numbers.

export interface AlertParams {
  /** Latest matured weekly cohorts judged together ("current window"), 2..4. */
  currentWeeks: number;
  /** An all-deals series with fewer than minCurrent deals in currentWeeks has its window widened, a
   * week at a time, up to this many weeks before it counts as "not enough data" (segments are not
   * widened). Also the longest window an open alert's recovery is judged on. */
  maxCurrentWeeks: number;
  /** Weeks right before the current window that form the baseline. */
  baselineWeeks: number;
  /** Benjamini–Hochberg level over all tests of one workspace scan. */
  qThreshold: number;
  /** A q at or below this fires at once (no persistence needed). */
  immediateQ: number;
  /** Minimum deals in the current window; below it the key is not judged. */
  minCurrent: number;
  /** Minimum deals in the baseline; below it the key is not judged. */
  minBaseline: number;
  /** Minimum relative drop (baseline − current) / baseline that counts as practical. */
  minRelativeDrop: number;
  /** Consecutive significant scans needed to fire. */
  persistenceScans: number;
  /** An open alert counts as recovered when current ≥ (1 − resolveWithin) × baseline. */
  resolveWithin: number;
  /** Consecutive recovered scans needed to resolve. */
  resolveScans: number;
  /** An open alert is re-notified at most every this many days. */
  renotifyDays: number;
  /** An open alert whose key has had too few deals to judge for this many days is closed ("expired"). */
  expireDays: number;
  /** Bernoulli CUSUM over the current window of each transition (all deals). */
  cusum: {
    enabled: boolean;
    /** The CUSUM is tuned to detect baseline × (1 − designDrop). */
    designDrop: number;
    /** Decision threshold h on the log-likelihood-ratio statistic. */
    threshold: number;
    /** Latest matured weeks the CUSUM runs over. */
    weeks: number;
    /** Weeks before the CUSUM window whose rate is the in-control rate p0 (longer than the
     * Fisher baseline: p0's own noise is what costs a CUSUM most of its false alarms). */
    baselineWeeks: number;
  };
  /** Quasi-binomial dispersion: how much more than binomial a series' weekly rates vary. */
  dispersion: {
    enabled: boolean;
    /** Weight, in weeks, of the transition's pooled dispersion in each series' moderated estimate. */
    priorWeeks: number;
  };
  /** Severity: the larger of the level by relative drop and the level by value at risk. */
  severity: {
    warningDrop: number;
    criticalDrop: number;
    /** Value at risk = open pipeline value in the from-stage × (baseline rate − current rate). */
    warningValue: number;
    criticalValue: number;
  };
  /** Maturity window T of a stage = this quantile of time in stage, clamped, in days. */
  maturity: {
    quantile: number;
    minDays: number;
    maxDays: number;
    /** Used when a stage has fewer than minSamples time-in-stage samples. */
    fallbackDays: number;
    minSamples: number;
  };
}

export const DEFAULT_ALERT_PARAMS: Readonly<AlertParams> = Object.freeze({
  currentWeeks: 2,
  maxCurrentWeeks: 6,
  baselineWeeks: 12,
  qThreshold: 0.05,
  immediateQ: 0.001,
  minCurrent: 20,
  minBaseline: 40,
  minRelativeDrop: 0.2,
  persistenceScans: 2,
  resolveWithin: 0.1,
  resolveScans: 2,
  renotifyDays: 14,
  expireDays: 56,
  cusum: Object.freeze({ enabled: true, designDrop: 0.4, threshold: 5.75, weeks: 6, baselineWeeks: 26 }),
  dispersion: Object.freeze({ enabled: true, priorWeeks: 20 }),
  severity: Object.freeze({ warningDrop: 0.3, criticalDrop: 0.5, warningValue: 50_000, criticalValue: 250_000 }),
  maturity: Object.freeze({ quantile: 0.75, minDays: 7, maxDays: 120, fallbackDays: 30, minSamples: 10 }),
});

/**
 * Matured weeks of cohorts a scan uses (pass at least this as buildCohorts' `weeks`): the widest
 * Fisher window and its baseline, or the CUSUM window and its longer baseline, whichever reaches further.
 */
export function historyWeeks(params: Pick<AlertParams, 'maxCurrentWeeks' | 'baselineWeeks' | 'cusum'> = DEFAULT_ALERT_PARAMS): number {
  const fisher = params.maxCurrentWeeks + params.baselineWeeks;
  return params.cusum.enabled ? Math.max(fisher, params.cusum.weeks + params.cusum.baselineWeeks) : fisher;
}

type Group = 'cusum' | 'dispersion' | 'severity' | 'maturity';
export type AlertParamsOverrides = {
  [K in keyof AlertParams]?: K extends Group ? Partial<AlertParams[K]> : AlertParams[K];
};

export interface AlertParamIssue {
  /** Dotted path, e.g. "cusum.threshold". */
  path: string;
  message: string;
}

export class AlertParamsError extends RangeError {
  constructor(readonly issues: AlertParamIssue[]) {
    super(`invalid alert parameters: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'AlertParamsError';
  }
}

interface NumberRule {
  kind: 'number';
  min: number;
  max: number;
  /** Exclusive bounds where true. */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}
type Rule = NumberRule | { kind: 'boolean' };

const num = (min: number, max: number, extra: Partial<NumberRule> = {}): NumberRule => ({ kind: 'number', min, max, ...extra });
const int = (min: number, max: number): NumberRule => num(min, max, { integer: true });

const RULES: { [K in keyof AlertParams]: K extends Group ? { [F in keyof AlertParams[K]]: Rule } : Rule } = {
  currentWeeks: int(2, 4),
  maxCurrentWeeks: int(2, 8),
  baselineWeeks: int(4, 52),
  qThreshold: num(0, 0.5, { minOpen: true }),
  immediateQ: num(0, 0.5, { minOpen: true }),
  minCurrent: int(1, 100_000),
  minBaseline: int(1, 1_000_000),
  minRelativeDrop: num(0, 1, { minOpen: true, maxOpen: true }),
  persistenceScans: int(1, 8),
  resolveWithin: num(0, 1, { maxOpen: true }),
  resolveScans: int(1, 8),
  renotifyDays: int(1, 365),
  expireDays: int(7, 730),
  cusum: {
    enabled: { kind: 'boolean' },
    designDrop: num(0, 1, { minOpen: true, maxOpen: true }),
    threshold: num(0, 100, { minOpen: true }),
    weeks: int(1, 12),
    baselineWeeks: int(4, 104),
  },
  dispersion: {
    enabled: { kind: 'boolean' },
    priorWeeks: int(0, 104),
  },
  severity: {
    warningDrop: num(0, 1, { maxOpen: true }),
    criticalDrop: num(0, 1, { maxOpen: true }),
    warningValue: num(0, Number.MAX_VALUE),
    criticalValue: num(0, Number.MAX_VALUE),
  },
  maturity: {
    quantile: num(0, 1, { minOpen: true }),
    minDays: int(1, 730),
    maxDays: int(1, 730),
    fallbackDays: int(1, 730),
    minSamples: int(1, 1_000_000),
  },
};

function check(path: string, rule: Rule, value: unknown, issues: AlertParamIssue[]): void {
  if (rule.kind === 'boolean') {
    if (typeof value !== 'boolean') issues.push({ path, message: `must be true or false, got ${String(value)}` });
    return;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    issues.push({ path, message: `must be a number, got ${String(value)}` });
    return;
  }
  const lowOk = rule.minOpen ? value > rule.min : value >= rule.min;
  const highOk = rule.maxOpen ? value < rule.max : value <= rule.max;
  if (!lowOk || !highOk || (rule.integer && !Number.isInteger(value))) {
    const lo = `${rule.minOpen ? '(' : '['}${rule.min}`;
    const hi = `${rule.max === Number.MAX_VALUE ? '∞' : rule.max}${rule.maxOpen ? ')' : ']'}`;
    issues.push({ path, message: `must be ${rule.integer ? 'an integer' : 'a number'} in ${lo}, ${hi}, got ${value}` });
  }
}

/**
 * Defaults (or `base`) with a workspace's partial overrides applied, validated.
 * Throws AlertParamsError listing every invalid or unknown field.
 */
export function mergeAlertParams(
  overrides: AlertParamsOverrides = {},
  base: Readonly<AlertParams> = DEFAULT_ALERT_PARAMS,
): AlertParams {
  const issues: AlertParamIssue[] = [];
  const merged: AlertParams = {
    ...base,
    cusum: { ...base.cusum },
    dispersion: { ...base.dispersion },
    severity: { ...base.severity },
    maturity: { ...base.maturity },
  };
  const top = merged as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(RULES, key)) {
      issues.push({ path: key, message: 'unknown parameter' });
      continue;
    }
    const groupRules = (RULES as Record<string, unknown>)[key] as Record<string, Rule> & { kind?: string };
    if (typeof groupRules.kind === 'string') {
      top[key] = value;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: key, message: 'must be an object' });
      continue;
    }
    const group = top[key] as Record<string, unknown>;
    for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      if (fieldValue === undefined) continue;
      if (!Object.prototype.hasOwnProperty.call(groupRules, field)) {
        issues.push({ path: `${key}.${field}`, message: 'unknown parameter' });
        continue;
      }
      group[field] = fieldValue;
    }
  }
  for (const [key, rule] of Object.entries(RULES as Record<string, unknown>)) {
    const r = rule as Rule | Record<string, Rule>;
    if (typeof (r as { kind?: unknown }).kind === 'string') {
      check(key, r as Rule, top[key], issues);
    } else {
      const group = top[key] as Record<string, unknown>;
      for (const [field, fr] of Object.entries(r as Record<string, Rule>)) check(`${key}.${field}`, fr, group[field], issues);
    }
  }
  if (issues.length === 0) {
    if (merged.immediateQ > merged.qThreshold) {
      issues.push({ path: 'immediateQ', message: `must not exceed qThreshold (${merged.qThreshold})` });
    }
    if (merged.maxCurrentWeeks < merged.currentWeeks) {
      issues.push({ path: 'maxCurrentWeeks', message: `must not be below currentWeeks (${merged.currentWeeks})` });
    }
    if (merged.severity.warningDrop > merged.severity.criticalDrop) {
      issues.push({ path: 'severity.warningDrop', message: 'must not exceed severity.criticalDrop' });
    }
    if (merged.severity.warningValue > merged.severity.criticalValue) {
      issues.push({ path: 'severity.warningValue', message: 'must not exceed severity.criticalValue' });
    }
    if (merged.maturity.minDays > merged.maturity.maxDays) {
      issues.push({ path: 'maturity.minDays', message: 'must not exceed maturity.maxDays' });
    }
  }
  if (issues.length > 0) throw new AlertParamsError(issues);
  return merged;
}
