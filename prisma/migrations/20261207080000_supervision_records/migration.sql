-- Phases 3 and 4 as records: risk assessments with their history, guidance visits, inspections, hazards with their
-- progress reports, enforcement actions; an enterprise's standardization status; and, on a monthly report, the
-- figures the records gave and the office's changes to them with a reason.
ALTER TABLE "Enterprise" ADD COLUMN "standardization" TEXT NOT NULL DEFAULT 'in-progress';

ALTER TABLE "MonthlyReport" ADD COLUMN "computed" JSONB,
ADD COLUMN "deviations" JSONB;

CREATE TABLE "RiskAssessment" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "previousColour" TEXT NOT NULL,
    "standardization" TEXT NOT NULL,
    "previousStandardization" TEXT NOT NULL,
    "assessedOn" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskAssessment_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "GuidanceVisit" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "plannedFor" TEXT,
    "team" TEXT NOT NULL,
    "topics" JSONB NOT NULL,
    "visitedOn" TEXT,
    "findings" TEXT,
    "recordedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "visitedAt" TIMESTAMP(3),

    CONSTRAINT "GuidanceVisit_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Inspection" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "inspectedOn" TEXT NOT NULL,
    "inspectors" JSONB NOT NULL,
    "result" TEXT NOT NULL,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "inspectionId" TEXT,
    "source" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "foundOn" TEXT NOT NULL,
    "rectifyBy" TEXT NOT NULL,
    "rectifiedOn" TEXT,
    "rectificationNote" TEXT,
    "verifiedOn" TEXT,
    "verifiedBy" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rectifiedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),

    CONSTRAINT "Hazard_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "HazardProgress" (
    "id" TEXT NOT NULL,
    "hazardId" TEXT NOT NULL,
    "reportedOn" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HazardProgress_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "EnforcementAction" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "takenOn" TEXT NOT NULL,
    "fineYuan" INTEGER,
    "persons" INTEGER,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnforcementAction_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RiskAssessment_enterpriseId_assessedOn_idx" ON "RiskAssessment"("enterpriseId", "assessedOn");
CREATE INDEX "RiskAssessment_officeId_idx" ON "RiskAssessment"("officeId");
CREATE INDEX "GuidanceVisit_campaignId_officeId_idx" ON "GuidanceVisit"("campaignId", "officeId");
CREATE INDEX "Inspection_campaignId_officeId_enterpriseId_idx" ON "Inspection"("campaignId", "officeId", "enterpriseId");
CREATE INDEX "Hazard_campaignId_officeId_idx" ON "Hazard"("campaignId", "officeId");
CREATE INDEX "HazardProgress_hazardId_idx" ON "HazardProgress"("hazardId");
CREATE INDEX "EnforcementAction_campaignId_officeId_idx" ON "EnforcementAction"("campaignId", "officeId");

ALTER TABLE "HazardProgress" ADD CONSTRAINT "HazardProgress_hazardId_fkey" FOREIGN KEY ("hazardId") REFERENCES "Hazard"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
