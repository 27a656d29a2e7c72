-- DropIndex
DROP INDEX "LocationPing_driverId_recordedAt_key";

-- CreateIndex
CREATE UNIQUE INDEX "LocationPing_driverId_shipmentId_recordedAt_key" ON "LocationPing"("driverId", "shipmentId", "recordedAt");
