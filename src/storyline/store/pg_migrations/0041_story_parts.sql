-- storyline schema, version 41, PostgreSQL (see ../migrations/0041_story_parts.sql):
-- a story's timeline events, ledger facts and quotes as rows, one per item,
-- placed by `ord`; the story document keeps its short fields.
CREATE TABLE IF NOT EXISTS story_parts (
    story_id TEXT COLLATE "C" NOT NULL,
    part     TEXT COLLATE "C" NOT NULL,
    rid      BIGINT NOT NULL,
    ord      DOUBLE PRECISION NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (story_id, part, rid)
);
CREATE INDEX IF NOT EXISTS story_parts_order ON story_parts(story_id, part, ord);

INSERT INTO story_parts (story_id, part, rid, ord, data)
    SELECT s.id, p.part, j.n - 1, j.n - 1, j.v::text
    FROM stories s
    CROSS JOIN (VALUES ('timeline'), ('facts'), ('quotes')) AS p(part)
    CROSS JOIN LATERAL jsonb_array_elements(COALESCE(s.data::jsonb -> p.part, '[]'::jsonb)) WITH ORDINALITY AS j(v, n)
    ON CONFLICT DO NOTHING;
UPDATE stories SET data = (data::jsonb - 'timeline' - 'facts' - 'quotes')::text
    WHERE data::jsonb -> 'timeline' IS NOT NULL OR data::jsonb -> 'facts' IS NOT NULL
       OR data::jsonb -> 'quotes' IS NOT NULL;
