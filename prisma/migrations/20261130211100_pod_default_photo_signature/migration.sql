-- AlterTable
ALTER TABLE "Shipment" ALTER COLUMN "podRequires" SET DEFAULT ARRAY['PHOTO', 'SIGNATURE']::"ProofMethod"[];
