-- CreateTable
CREATE TABLE "job_claim" (
    "key" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_claim_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "alert_state" (
    "workspace_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_state_pkey" PRIMARY KEY ("workspace_id","key")
);

