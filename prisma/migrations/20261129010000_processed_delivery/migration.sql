-- CreateTable
CREATE TABLE "processed_delivery" (
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_delivery_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "processed_delivery_created_at_idx" ON "processed_delivery"("created_at");

