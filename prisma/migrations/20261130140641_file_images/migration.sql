-- AlterTable
ALTER TABLE "File" ADD COLUMN     "captureLat" DOUBLE PRECISION,
ADD COLUMN     "captureLng" DOUBLE PRECISION,
ADD COLUMN     "capturedAt" TIMESTAMPTZ(3),
ADD COLUMN     "height" INTEGER,
ADD COLUMN     "sourceKey" TEXT,
ADD COLUMN     "thumbnailKey" TEXT,
ADD COLUMN     "width" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "File_sourceKey_key" ON "File"("sourceKey");
