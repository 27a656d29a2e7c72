-- CreateTable
CREATE TABLE "AnalyticsPlatformDay" (
    "day" DATE NOT NULL,
    "posted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "gmvCents" BIGINT NOT NULL DEFAULT 0,
    "revenueCents" BIGINT NOT NULL DEFAULT 0,
    "fillSeconds" BIGINT NOT NULL DEFAULT 0,
    "onTimePickups" INTEGER NOT NULL DEFAULT 0,
    "onTimeDeliveries" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnalyticsPlatformDay_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "AnalyticsShipperDay" (
    "shipperId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "posted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "spendCents" BIGINT NOT NULL DEFAULT 0,
    "fillSeconds" BIGINT NOT NULL DEFAULT 0,
    "onTimePickups" INTEGER NOT NULL DEFAULT 0,
    "onTimeDeliveries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsShipperDay_pkey" PRIMARY KEY ("shipperId","day")
);

-- CreateTable
CREATE TABLE "AnalyticsDriverDay" (
    "driverId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "earningsCents" BIGINT NOT NULL DEFAULT 0,
    "loadedKm" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "deadheadKm" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "onTimePickups" INTEGER NOT NULL DEFAULT 0,
    "onTimeDeliveries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsDriverDay_pkey" PRIMARY KEY ("driverId","day")
);

-- CreateTable
CREATE TABLE "AnalyticsLaneDay" (
    "day" DATE NOT NULL,
    "shipperId" TEXT NOT NULL,
    "driverId" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "priceCents" BIGINT NOT NULL DEFAULT 0,
    "payoutCents" BIGINT NOT NULL DEFAULT 0,
    "km" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsLaneDay_pkey" PRIMARY KEY ("day","shipperId","driverId","origin","destination")
);

-- CreateTable
CREATE TABLE "AnalyticsCancelDay" (
    "day" DATE NOT NULL,
    "reason" TEXT NOT NULL,
    "cancelled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AnalyticsCancelDay_pkey" PRIMARY KEY ("day","reason")
);

-- CreateIndex
CREATE INDEX "AnalyticsShipperDay_day_shipperId_idx" ON "AnalyticsShipperDay"("day", "shipperId");

-- CreateIndex
CREATE INDEX "AnalyticsDriverDay_day_driverId_idx" ON "AnalyticsDriverDay"("day", "driverId");

-- CreateIndex
CREATE INDEX "AnalyticsLaneDay_shipperId_day_idx" ON "AnalyticsLaneDay"("shipperId", "day");

-- CreateIndex
CREATE INDEX "AnalyticsLaneDay_driverId_day_idx" ON "AnalyticsLaneDay"("driverId", "day");

-- CreateIndex
CREATE INDEX "Shipment_updatedAt_idx" ON "Shipment"("updatedAt");
