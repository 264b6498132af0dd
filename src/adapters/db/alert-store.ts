// What the conversion-drop detector needs from the database: every stay of a deal in
// an open stage (when it entered, when it first got past the stage), how long
// finished stays lasted, open value per stage, and the detector's state between scans.
import type { AlertState, StageStay } from '../../core/alerts/index.js';
import type { Pipeline } from '../../core/model.js';
import type { PrismaClient } from '../../../generated/prisma/index.js';

export interface StayData {
  stays: StageStay[];
  /** Finished stays' durations in days, per stage (for the maturity windows). */
  durations: Record<string, number[]>;
}

export class DbAlertStore {
  constructor(private readonly prisma: PrismaClient) {}

  async stays(workspaceId: string, pipeline: Pipeline, since: Date): Promise<StayData> {
    const open = pipeline.filter((s) => s.kind === 'open');
    const won = pipeline.find((s) => s.kind === 'won');
    const keys = [...open.map((s) => s.key), ...(won ? [won.key] : [])];
    const ranks = keys.map((_, i) => i);
    // Each stay: entered `stage` at `at`; reached = first later event into a later rank
    // (a skip counts as passing); left = the next event of the deal, whatever it was.
    const rows = await this.prisma.$queryRaw<
      { stage: string; rnk: number; entered: Date; reached: Date | null; left_at: Date | null; team: string | null; owner: string; source: string | null; industry: string | null }[]
    >`
      WITH ranks AS (SELECT * FROM unnest(${keys}::text[], ${ranks}::int[]) AS r(stage, rnk)),
      ev AS (
        SELECT e.deal_id, e.to_stage, e.at, r.rnk,
               lead(e.at) OVER (PARTITION BY e.deal_id ORDER BY e.at, e.id) AS left_at
        FROM stage_event e LEFT JOIN ranks r ON r.stage = e.to_stage
        WHERE e.workspace_id = ${workspaceId}
      )
      SELECT a.to_stage AS stage, a.rnk, a.at AS entered, a.left_at,
             (SELECT min(b.at) FROM ev b WHERE b.deal_id = a.deal_id AND b.at > a.at AND b.rnk > a.rnk) AS reached,
             d.team, d.owner, d.source, d.industry
      FROM ev a JOIN deal d ON d.id = a.deal_id
      WHERE a.rnk IS NOT NULL AND a.rnk < ${open.length} AND a.at >= ${since}`;
    const stays: StageStay[] = [];
    const durations: Record<string, number[]> = {};
    for (const r of rows) {
      const to = keys[Number(r.rnk) + 1];
      if (!to) continue;
      stays.push({
        from: r.stage,
        to,
        enteredAt: r.entered.getTime(),
        reachedAt: r.reached ? r.reached.getTime() : null,
        segments: { team: r.team, owner: r.owner, source: r.source, industry: r.industry },
      });
      if (r.left_at) (durations[r.stage] ??= []).push((r.left_at.getTime() - r.entered.getTime()) / 86_400_000);
    }
    return { stays, durations };
  }

  async openValue(workspaceId: string): Promise<Record<string, number>> {
    const rows = await this.prisma.$queryRaw<{ stage: string; value: number }[]>`
      SELECT stage, coalesce(sum(amount), 0)::float8 AS value FROM deal WHERE workspace_id = ${workspaceId} GROUP BY stage`;
    return Object.fromEntries(rows.map((r) => [r.stage, Number(r.value)]));
  }

  async loadState(workspaceId: string): Promise<AlertState[]> {
    const rows = await this.prisma.alertState.findMany({ where: { workspaceId }, orderBy: { key: 'asc' } });
    return rows.map((r) => r.state as unknown as AlertState);
  }

  /** Replaces the workspace's detector state in one transaction. */
  async saveState(workspaceId: string, states: readonly AlertState[], at: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.alertState.deleteMany({ where: { workspaceId } }),
      this.prisma.alertState.createMany({
        data: states.map((s) => ({ workspaceId, key: s.key, state: s as unknown as object, updatedAt: at })),
      }),
    ]);
  }
}
