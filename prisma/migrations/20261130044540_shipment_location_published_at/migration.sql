-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "locationPublishedAt" TIMESTAMPTZ(3);
