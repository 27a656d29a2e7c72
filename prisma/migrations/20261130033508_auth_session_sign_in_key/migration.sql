-- AlterTable
ALTER TABLE "AuthSession" ADD COLUMN     "signInKey" TEXT;
