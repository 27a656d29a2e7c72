-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "feeCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "freightCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "numberSeq" INTEGER,
ADD COLUMN     "numberYear" INTEGER,
ADD COLUMN     "paymentId" TEXT,
ADD COLUMN     "snapshot" JSONB,
ADD COLUMN     "taxCents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "taxNote" TEXT,
ADD COLUMN     "taxRateBps" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "InvoiceCounter" (
    "year" INTEGER NOT NULL,
    "lastNumber" INTEGER NOT NULL,

    CONSTRAINT "InvoiceCounter_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_paymentId_key" ON "Invoice"("paymentId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_numberYear_numberSeq_key" ON "Invoice"("numberYear", "numberSeq");

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
