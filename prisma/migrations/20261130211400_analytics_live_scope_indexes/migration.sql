-- CreateIndex
CREATE INDEX "Shipment_shipperId_updatedAt_idx" ON "Shipment"("shipperId", "updatedAt");

-- CreateIndex
CREATE INDEX "Shipment_driverId_updatedAt_idx" ON "Shipment"("driverId", "updatedAt");
