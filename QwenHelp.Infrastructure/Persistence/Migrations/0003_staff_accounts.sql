-- Staff accounts for the admin portal and agent console (ASP.NET Core Identity, our own store).

CREATE TABLE staff_users (
    id                   TEXT PRIMARY KEY,
    user_name            TEXT NOT NULL,
    normalized_user_name TEXT NOT NULL UNIQUE,
    display_name         TEXT NULL,
    password_hash        TEXT NULL,
    security_stamp       TEXT NOT NULL,
    concurrency_stamp    TEXT NOT NULL,
    roles                TEXT NOT NULL DEFAULT '[]',
    lockout_enabled      INTEGER NOT NULL DEFAULT 1,
    lockout_end          INTEGER NULL,
    access_failed_count  INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
