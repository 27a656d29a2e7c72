-- AlterTable
ALTER TABLE "DriverProfile" ADD COLUMN     "baseLabel" TEXT;
