-- CreateTable
CREATE TABLE "MailMessage" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "campaignId" TEXT,
    "obligationKey" TEXT,
    "step" TEXT,
    "scheduledFor" TIMESTAMP(3),
    "recipient" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'zh-CN',
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "smtpResponse" TEXT,
    "messageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "MailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Office" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitType" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "headName" TEXT NOT NULL,
    "headEmail" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Office_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sizeClass" TEXT NOT NULL,
    "riskColour" TEXT NOT NULL DEFAULT 'blue',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "template" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "workflowId" TEXT,
    "bureauName" TEXT NOT NULL DEFAULT '安溪县市场监督管理局',
    "bureauEmail" TEXT NOT NULL,
    "bureauLanguage" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayOverride" (
    "date" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HolidayOverride_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "ObligationState" (
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "obligationKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "doneAt" TIMESTAMP(3),
    "extendedDueDate" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ObligationState_pkey" PRIMARY KEY ("campaignId","officeId","obligationKey")
);

-- CreateTable
CREATE TABLE "EnterpriseProgress" (
    "campaignId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "noticeServedAt" TIMESTAMP(3),
    "noticeServedBy" TEXT,
    "signedAt" TIMESTAMP(3),
    "signatory" TEXT,
    "committedSelfAssessmentDate" TEXT,
    "copyArchiveAt" TIMESTAMP(3),
    "copyNoticeBoardAt" TIMESTAMP(3),
    "copyTownshipAt" TIMESTAMP(3),
    "copyCountyAt" TIMESTAMP(3),
    "planSubmittedAt" TIMESTAMP(3),
    "selfAssessmentSubmittedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnterpriseProgress_pkey" PRIMARY KEY ("campaignId","enterpriseId")
);

-- CreateTable
CREATE TABLE "StepRun" (
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "obligationKey" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "executedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "StepRun_pkey" PRIMARY KEY ("campaignId","officeId","obligationKey","stepKey")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "officeId" TEXT NOT NULL,
    "obligationKey" TEXT,
    "origin" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "ackBy" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "workflowId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EscalationEvent" (
    "id" TEXT NOT NULL,
    "escalationId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "detail" TEXT,

    CONSTRAINT "EscalationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignEvent" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "CampaignEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MailMessage_idempotencyKey_key" ON "MailMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "MailMessage_campaignId_obligationKey_idx" ON "MailMessage"("campaignId", "obligationKey");

-- CreateIndex
CREATE INDEX "MailMessage_state_idx" ON "MailMessage"("state");

-- CreateIndex
CREATE UNIQUE INDEX "Office_code_key" ON "Office"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_code_key" ON "Enterprise"("code");

-- CreateIndex
CREATE INDEX "Enterprise_officeId_idx" ON "Enterprise"("officeId");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_workflowId_key" ON "Campaign"("workflowId");

-- CreateIndex
CREATE INDEX "HolidayOverride_year_idx" ON "HolidayOverride"("year");

-- CreateIndex
CREATE INDEX "ObligationState_campaignId_status_idx" ON "ObligationState"("campaignId", "status");

-- CreateIndex
CREATE INDEX "EnterpriseProgress_campaignId_officeId_idx" ON "EnterpriseProgress"("campaignId", "officeId");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_workflowId_key" ON "Escalation"("workflowId");

-- CreateIndex
CREATE INDEX "Escalation_campaignId_officeId_idx" ON "Escalation"("campaignId", "officeId");

-- CreateIndex
CREATE INDEX "EscalationEvent_escalationId_idx" ON "EscalationEvent"("escalationId");

-- CreateIndex
CREATE INDEX "CampaignEvent_campaignId_at_idx" ON "CampaignEvent"("campaignId", "at");

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_officeId_fkey" FOREIGN KEY ("officeId") REFERENCES "Office"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EscalationEvent" ADD CONSTRAINT "EscalationEvent_escalationId_fkey" FOREIGN KEY ("escalationId") REFERENCES "Escalation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
