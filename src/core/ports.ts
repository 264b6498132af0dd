// What the domain needs from the outside world. Adapters implement these.

import type { Deal, Member, Pipeline, Role, StageEvent, Workspace } from './model.js';

export interface Clock {
  now(): Date;
}

export type NewDeal = Omit<Deal, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

export interface DealQuery {
  stage?: string;
  owner?: string;
  limit?: number;
}

/**
 * Workspace-scoped storage. Every method takes the workspace id first so that no
 * call can reach another tenant's rows by accident.
 */
export interface Store {
  getWorkspace(id: string): Promise<Workspace | null>;
  /** Every workspace: the one read across tenants, for the scheduler that creates each one's recurring jobs. */
  listWorkspaces(): Promise<Workspace[]>;
  /** Creates the workspace with the default pipeline when it does not exist yet. */
  ensureWorkspace(ws: Workspace, pipeline: Pipeline): Promise<Workspace>;

  getMember(workspaceId: string, userId: string): Promise<Member | null>;
  upsertMember(member: Member): Promise<Member>;
  setRole(workspaceId: string, userId: string, role: Role): Promise<Member>;
  listMembers(workspaceId: string): Promise<Member[]>;

  getPipeline(workspaceId: string): Promise<Pipeline>;
  /** Replaces the pipeline in one transaction (keys are stable; order follows the array). */
  savePipeline(workspaceId: string, pipeline: Pipeline): Promise<void>;
  countDealsInStage(workspaceId: string, stageKey: string): Promise<number>;

  findDeal(workspaceId: string, name: string): Promise<Deal | null>;
  dealNames(workspaceId: string): Promise<string[]>;
  listDeals(workspaceId: string, query: DealQuery): Promise<Deal[]>;
  /** Inserts the deal and its first history event; 'duplicate' when the name is taken. */
  createDeal(deal: NewDeal, firstEvent: Omit<StageEvent, 'dealId'>, at: Date): Promise<Deal | 'duplicate'>;
  /**
   * Writes `next` (fields, contacts) and appends `event` atomically, only if the stored
   * version still equals `next.version`. 'conflict' otherwise: nothing is written.
   */
  saveDeal(next: Deal, event: Omit<StageEvent, 'dealId'> | null, at: Date): Promise<Deal | 'conflict'>;
  history(workspaceId: string, dealId: string): Promise<StageEvent[]>;

  /** Per-workspace settings (announcement channel, alert parameters, ...), a JSON object. */
  getSettings(workspaceId: string): Promise<Record<string, unknown>>;
  /** Merges `patch` into the settings atomically and returns the result. */
  updateSettings(workspaceId: string, patch: Record<string, unknown>): Promise<Record<string, unknown>>;

  /**
   * Records that the delivery `key` was handled. True for the first caller only, in any
   * process: a repeated delivery (a platform retry, a queued job run twice) is skipped.
   */
  claimDelivery(key: string): Promise<boolean>;
}
