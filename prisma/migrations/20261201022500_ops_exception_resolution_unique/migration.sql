-- An exception is resolved exactly once per condition start: two admins resolving the same row at the same moment
-- recorded it twice (issue 14 review). Keep the first resolution of any duplicates, then make (key, conditionSince)
-- unique; the loser of a race gets "This exception is no longer open".
DELETE FROM "OpsExceptionResolution" a
 USING "OpsExceptionResolution" b
 WHERE a."key" = b."key" AND a."conditionSince" = b."conditionSince"
   AND (a."createdAt", a."id") > (b."createdAt", b."id");

DROP INDEX "OpsExceptionResolution_key_conditionSince_idx";

CREATE UNIQUE INDEX "OpsExceptionResolution_key_conditionSince_key" ON "OpsExceptionResolution"("key", "conditionSince");
