-- Contrib extensions (postgresql-contrib on PostgreSQL; PGlite loads them through src/server/pglite.ts).
-- earthdistance needs cube. Created in the schema the app uses, so ll_to_earth() resolves without a search path.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "dropoffRegion" TEXT;

-- CreateIndex
CREATE INDEX "Shipment_reference_trgm_idx" ON "Shipment" USING GIN ("reference" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Shipment_pickupCity_trgm_idx" ON "Shipment" USING GIN ("pickupCity" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Shipment_dropoffCity_trgm_idx" ON "Shipment" USING GIN ("dropoffCity" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Shipment_pickupAddress_trgm_idx" ON "Shipment" USING GIN ("pickupAddress" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Shipment_dropoffAddress_trgm_idx" ON "Shipment" USING GIN ("dropoffAddress" gin_trgm_ops);

-- The load board's distance ranking and radius filter: open loads' pick-ups as 3-D earth points (cube), which do
-- not wrap at the ±180° meridian. Partial: only POSTED loads are ever ranked, and they are a small share of rows.
-- An expression index Prisma's schema cannot describe (hence SQL only); the query must repeat the expression
-- and the predicate exactly (src/server/services/shipments/load-board.ts).
CREATE INDEX "Shipment_open_pickup_earth_idx" ON "Shipment" USING GIST (ll_to_earth("pickupLat", "pickupLng"))
  WHERE "status" = 'POSTED';
