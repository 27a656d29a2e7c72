-- CreateEnum
CREATE TYPE "UnitSystem" AS ENUM ('us', 'metric');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "unitSystem" "UnitSystem";
