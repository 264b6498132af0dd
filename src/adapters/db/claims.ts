// Job claims in the database: the row is the proof that a side effect happened.
import type { PrismaClient } from '../../../generated/prisma/index.js';
import type { ClaimResult, Claims } from '../../core/jobs/ports.js';

export class DbClaims implements Claims {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(key: string, owner: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    const expired = new Date(now.getTime() - leaseMs);
    // One statement: either the first insert, or a takeover of an abandoned claim.
    const rows = await this.prisma.$queryRaw<{ key: string }[]>`
      INSERT INTO job_claim (key, owner, claimed_at) VALUES (${key}, ${owner}, ${now})
      ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at
      WHERE job_claim.done_at IS NULL AND job_claim.claimed_at < ${expired}
      RETURNING key`;
    if (rows.length === 1) return 'claimed';
    const held = await this.prisma.jobClaim.findUnique({ where: { key }, select: { doneAt: true } });
    return held?.doneAt ? 'done' : 'busy';
  }

  async complete(key: string, now: Date): Promise<void> {
    await this.prisma.$executeRaw`UPDATE job_claim SET done_at = ${now} WHERE key = ${key}`;
  }
}
