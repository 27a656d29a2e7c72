-- CreateTable
CREATE TABLE "RealtimeSocket" (
    "socketId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RealtimeSocket_pkey" PRIMARY KEY ("socketId")
);

-- CreateIndex
CREATE INDEX "RealtimeSocket_expiresAt_idx" ON "RealtimeSocket"("expiresAt");
