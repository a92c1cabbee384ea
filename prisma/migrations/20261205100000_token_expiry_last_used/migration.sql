-- A sign-in token may expire (null: never), and records when it last signed a request in (at most once a minute).
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" TIMESTAMP(3);
ALTER TABLE "ApiToken" ADD COLUMN "lastUsedAt" TIMESTAMP(3);
