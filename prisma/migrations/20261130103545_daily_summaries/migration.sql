-- CreateTable
CREATE TABLE "DailySummary" (
    "shipperId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "emailId" TEXT,

    CONSTRAINT "DailySummary_pkey" PRIMARY KEY ("shipperId","day")
);
