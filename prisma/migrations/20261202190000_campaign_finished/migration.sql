-- A campaign is finished once its workflow has ended. Earlier versions recorded the workflow's 'finished'
-- event but left the campaign 'running': mark those campaigns finished now (data only, no schema change).
UPDATE "Campaign" c
SET "status" = 'finished'
WHERE c."status" = 'running'
  AND EXISTS (SELECT 1 FROM "CampaignEvent" e WHERE e."campaignId" = c."id" AND e."kind" = 'finished');
