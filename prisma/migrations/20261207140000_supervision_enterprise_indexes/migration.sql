-- An enterprise's inspections and visits in a campaign are read per enterprise when an office's schedule is
-- loaded; without these indexes each enterprise scanned the whole campaign's records (bench/supervision.ts).

-- CreateIndex
CREATE INDEX "GuidanceVisit_campaignId_enterpriseId_idx" ON "GuidanceVisit"("campaignId", "enterpriseId");

-- CreateIndex
CREATE INDEX "Inspection_campaignId_enterpriseId_idx" ON "Inspection"("campaignId", "enterpriseId");
