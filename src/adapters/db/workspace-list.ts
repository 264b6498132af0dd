// Every workspace the database holds, with its size: what `bin/stagecoach workspaces` lists
// and what `--workspace <id>` is checked against.
import type { SqlConnection } from './sql.js';

export interface WorkspaceSummary {
  id: string;
  name: string;
  /** The part of the id before the colon (`slack:T1` → slack); `local` for the terminal's. */
  platform: string;
  locale: string;
  timezone: string;
  deals: number;
  members: number;
}

export async function listWorkspaces(sql: SqlConnection): Promise<WorkspaceSummary[]> {
  const rows = await sql.query<{ id: string; name: string; locale: string; timezone: string; deals: number; members: number }>(`
    SELECT w.id, w.name, w.locale, w.timezone,
      (SELECT count(*)::int FROM deal d WHERE d.workspace_id = w.id) AS deals,
      (SELECT count(*)::int FROM member m WHERE m.workspace_id = w.id) AS members
    FROM workspace w ORDER BY w.id`);
  return rows.map((r) => ({ ...r, platform: platformOf(r.id), deals: Number(r.deals), members: Number(r.members) }));
}

export function platformOf(workspaceId: string): string {
  const colon = workspaceId.indexOf(':');
  return colon > 0 ? workspaceId.slice(0, colon) : workspaceId;
}
