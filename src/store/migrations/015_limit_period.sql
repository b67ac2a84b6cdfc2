-- 限度額適用期間 (the period the 区分支給限度基準額 applies), kept beside the 認定有効期間 where a
-- move-in found them different (shorter after a 区分変更, or longer). NULL: the same as the
-- 認定有効期間, or not known.
ALTER TABLE certifications ADD COLUMN limit_from TEXT;
ALTER TABLE certifications ADD COLUMN limit_to TEXT;
