-- IdPs' logos (mdui:Logo), read by Convene itself and served from its own address, so that a sign-in page never
-- makes a visitor's browser call a third party and never shows anything but a checked raster image.
-- SQLite dialect; keep in step with ../postgres/0033_idp_logos.sql.
-- source: the metadata's logo (an https address or a data: URI) this row was read from; a change in the metadata
-- makes it read again. body: the image, base64 (PNG, JPEG, GIF or WebP as its first bytes say, at most 64 KiB),
-- NULL while the last read failed (error says why, for operators). digest: the image's sha256 (hex, 16), which
-- the page's address carries so that a new image is fetched by browsers at once. checked_at: when the IdP's
-- metadata was last compared with source; next_try_at: when the address is read again.
CREATE TABLE idp_logos (
    idp_id       BIGINT  PRIMARY KEY REFERENCES saml_idps (id) ON DELETE CASCADE,
    source       TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 65536),
    content_type TEXT    CHECK (content_type IS NULL OR content_type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    body         TEXT    CHECK (body IS NULL OR length(body) <= 90000),
    digest       TEXT    CHECK (digest IS NULL OR length(digest) = 16),
    error        TEXT    CHECK (error IS NULL OR length(error) <= 500),
    checked_at   BIGINT  NOT NULL,
    next_try_at  BIGINT  NOT NULL,
    CHECK ((body IS NULL) = (content_type IS NULL) AND (body IS NULL) = (digest IS NULL))
);
