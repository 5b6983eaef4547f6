-- Widget sites (allowed origins per site key), API keys (hashed) and the audit trail of staff changes.

CREATE TABLE widget_sites (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    key                    TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    allowed_origins        TEXT NOT NULL DEFAULT '[]',
    identity_secret        TEXT NOT NULL,
    color                  TEXT NOT NULL DEFAULT '#1f6feb',
    position               TEXT NOT NULL DEFAULT 'right',
    greeting_enabled       INTEGER NOT NULL DEFAULT 0,
    greeting_delay_seconds INTEGER NOT NULL DEFAULT 15,
    greeting_pages         TEXT NOT NULL DEFAULT '[]',
    enabled                INTEGER NOT NULL DEFAULT 1,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    created_by   TEXT NULL,
    last_used_at INTEGER NULL,
    revoked_at   INTEGER NULL
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    details TEXT NULL
);
CREATE INDEX ix_audit_log_at ON audit_log (at);
