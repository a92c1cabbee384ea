-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "officeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyReport" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "tables" JSONB NOT NULL,
    "correctionReason" TEXT,
    "summaryFileName" TEXT NOT NULL,
    "summaryMimeType" TEXT NOT NULL,
    "summarySha256" TEXT NOT NULL,
    "summarySize" INTEGER NOT NULL,
    "summaryContent" BYTEA NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedBy" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "MonthlyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "obligationKey" TEXT NOT NULL,
    "requestedDueDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "requestedBy" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "MonthlyReport_campaignId_period_idx" ON "MonthlyReport"("campaignId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyReport_campaignId_officeId_period_version_key" ON "MonthlyReport"("campaignId", "officeId", "period", "version");

-- CreateIndex
CREATE INDEX "Extension_campaignId_officeId_idx" ON "Extension"("campaignId", "officeId");
