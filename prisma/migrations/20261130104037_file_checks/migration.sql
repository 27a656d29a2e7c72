-- AlterTable
ALTER TABLE "File" ADD COLUMN     "route" TEXT,
ADD COLUMN     "sha256" TEXT;
