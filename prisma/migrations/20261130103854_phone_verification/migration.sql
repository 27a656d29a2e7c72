-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'PHONE_VERIFY';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "phoneVerifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "smsOptedOutAt" TIMESTAMPTZ(3);
