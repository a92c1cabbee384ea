-- An enterprise code is unique within its office, not county-wide: office staff must not learn from a refusal
-- which codes other offices hold. The bureau still refuses a code held anywhere, and lists codes held twice.
DROP INDEX "Enterprise_code_key";
CREATE UNIQUE INDEX "Enterprise_officeId_code_key" ON "Enterprise"("officeId", "code");
CREATE INDEX "Enterprise_code_idx" ON "Enterprise"("code");
