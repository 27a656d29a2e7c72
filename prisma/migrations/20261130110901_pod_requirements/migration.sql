-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "podRequires" "ProofMethod"[] DEFAULT ARRAY['CODE']::"ProofMethod"[];
