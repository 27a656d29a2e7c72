-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "dropoffTimeZone" TEXT,
ADD COLUMN     "pickupTimeZone" TEXT;
