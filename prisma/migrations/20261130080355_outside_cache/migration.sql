-- CreateTable
CREATE TABLE "OutsideCache" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutsideCache_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "OutsideCache_expiresAt_idx" ON "OutsideCache"("expiresAt");
