-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "dropoffCountry" TEXT,
ADD COLUMN     "dropoffFormattedAddress" TEXT,
ADD COLUMN     "dropoffGeocodeSource" TEXT,
ADD COLUMN     "dropoffPostalCode" TEXT,
ADD COLUMN     "pickupCountry" TEXT,
ADD COLUMN     "pickupFormattedAddress" TEXT,
ADD COLUMN     "pickupGeocodeSource" TEXT,
ADD COLUMN     "pickupPostalCode" TEXT,
ADD COLUMN     "pickupRegion" TEXT;
