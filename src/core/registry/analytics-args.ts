// The argument shape of the period commands (funnel, metrics, winloss, competitors).

import { z } from 'zod';
import { dimensionArg, nameArg, periodArg, viewArg } from './schemas.js';

export const periodCommandArgs = z.object({ period: periodArg.optional(), view: viewArg.optional(), by: dimensionArg.optional() });
export const winlossArgs = periodCommandArgs.extend({ from: nameArg.optional() });
export const competitorsArgs = z.object({ period: periodArg.optional(), view: viewArg.optional() });
