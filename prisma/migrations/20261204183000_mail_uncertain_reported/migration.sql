-- An uncertain mail is an incident: when it became uncertain, and when the bureau was told.
ALTER TABLE "MailMessage" ADD COLUMN "uncertainAt" TIMESTAMP(3);
ALTER TABLE "MailMessage" ADD COLUMN "uncertainReportedAt" TIMESTAMP(3);
-- Uncertain mails from before: their time is unknown, and they are reported by the next digest.
UPDATE "MailMessage" SET "uncertainAt" = COALESCE("endOfDataAt", "createdAt") WHERE "state" = 'uncertain';
