-- SMTP failures counted apart from attempts: a lease taken over after a crash or a manual resend is no failure.
ALTER TABLE "MailMessage" ADD COLUMN "failedAttempts" INTEGER NOT NULL DEFAULT 0;
-- Earlier records: the best estimate is what the metric counted before.
UPDATE "MailMessage" SET "failedAttempts" = CASE WHEN "state" IN ('sent', 'sending', 'uncertain') THEN GREATEST("attempts" - 1, 0) ELSE "attempts" END;
