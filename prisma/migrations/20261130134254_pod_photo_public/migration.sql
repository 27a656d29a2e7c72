-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "podPhotoPublic" BOOLEAN NOT NULL DEFAULT false;
