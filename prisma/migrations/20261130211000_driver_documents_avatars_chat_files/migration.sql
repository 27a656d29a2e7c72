-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "FileKind" ADD VALUE 'DRIVER_LICENCE';
ALTER TYPE "FileKind" ADD VALUE 'DRIVER_INSURANCE';
ALTER TYPE "FileKind" ADD VALUE 'AVATAR';
ALTER TYPE "FileKind" ADD VALUE 'CHAT_ATTACHMENT';

-- AlterTable
ALTER TABLE "File" ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "expiresOn" DATE;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "avatarFileId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_avatarFileId_key" ON "User"("avatarFileId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_avatarFileId_fkey" FOREIGN KEY ("avatarFileId") REFERENCES "File"("id") ON DELETE SET NULL ON UPDATE CASCADE;
