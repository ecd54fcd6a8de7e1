-- An institution's logo, uploaded by its admins and shown on its rooms' pages, its guests' pages and its members'
-- header; served from Convene's own address. PostgreSQL dialect; keep in step with ../sqlite/0036_institution_logos.sql.
-- body: the image, base64 (PNG, JPEG, GIF or WebP as its first bytes say, at most 64 KiB); digest: its sha256 (hex,
-- 16), carried by the pages' address so that a new logo is fetched by browsers at once.
CREATE TABLE institution_logos (
    institution_id BIGINT  PRIMARY KEY REFERENCES institutions (id) ON DELETE CASCADE,
    content_type   TEXT    NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    body           TEXT    NOT NULL CHECK (char_length(body) <= 90000),
    digest         TEXT    NOT NULL CHECK (char_length(digest) = 16),
    updated_at     BIGINT  NOT NULL
);
