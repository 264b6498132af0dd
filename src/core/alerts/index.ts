export {
  DEFAULT_ALERT_PARAMS,
  mergeAlertParams,
  AlertParamsError,
  type AlertParams,
  type AlertParamsOverrides,
  type AlertParamIssue,
} from './params.js';
export {
  DIMENSIONS,
  alertKey,
  maturityWindows,
  buildCohorts,
  type Dimension,
  type Segment,
  type WeeklyCohort,
  type CohortSeries,
  type StageStay,
  type BuildCohortsOptions,
} from './cohorts.js';
export {
  scan,
  type ScanInput,
  type ScanResult,
  type Finding,
  type WindowStats,
  type CusumEvidence,
  type DrillDown,
  type DrillDownEntry,
  type AlertEvidence,
  type AlertNotification,
  type NotificationKind,
  type AlertState,
  type Severity,
  type Trigger,
} from './detector.js';
export {
  renderAlert,
  formatPercent,
  formatProbability,
  type RenderOptions,
  type RenderedAlert,
  type AlertView,
} from './render.js';
