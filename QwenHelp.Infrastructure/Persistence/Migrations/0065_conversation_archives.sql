-- Log archiving: the manifest of archive files (one or more parts per day), which conversations each
-- file holds, and the conversations brought back by a restore (kept live for a while).

CREATE TABLE archive_files (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    day            TEXT NOT NULL,              -- yyyy-MM-dd, UTC day of the conversations' last activity
    part           INTEGER NOT NULL,           -- 1: conversations-DAY.jsonl.gz; n > 1: conversations-DAY.partN.jsonl.gz
    file_name      TEXT NOT NULL UNIQUE,
    conversations  INTEGER NOT NULL,
    row_total      INTEGER NOT NULL,           -- every row of every table, conversations included
    row_counts     TEXT NOT NULL,              -- JSON object: table -> rows
    size_bytes     INTEGER NOT NULL,
    sha256         TEXT NOT NULL,              -- of the file as stored (gzip)
    content_sha256 TEXT NOT NULL,              -- of the JSONL inside
    status         INTEGER NOT NULL,           -- 0 written, 1 verified, 2 archived (deleted from the live tables)
    created_at     INTEGER NOT NULL,
    verified_at    INTEGER NULL,
    archived_at    INTEGER NULL,
    restored_at    INTEGER NULL,
    restored_by    TEXT NULL,
    restored_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (day, part)
);

-- No foreign key to conversations: these rows outlive the live conversation on purpose.
CREATE TABLE archived_conversations (
    archive_id      INTEGER NOT NULL REFERENCES archive_files (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL,
    last_activity   INTEGER NOT NULL,
    PRIMARY KEY (archive_id, conversation_id)
);
CREATE INDEX ix_archived_conversations_conversation ON archived_conversations (conversation_id);

-- A restored conversation is not archived again before keep_until (then only if still past retention).
CREATE TABLE restored_conversations (
    conversation_id TEXT PRIMARY KEY,
    archive_id      INTEGER NOT NULL,
    restored_at     INTEGER NOT NULL,
    keep_until      INTEGER NOT NULL
);

CREATE INDEX ix_conversations_updated ON conversations (updated_at);

-- Deleting a message makes SQLite look for rows that reference it (ON DELETE SET NULL); without these
-- indexes every deleted message scans feedback and tool_calls whole, and every deleted conversation
-- scans tickets: archiving 100,000 conversations went from minutes to seconds with them.
CREATE INDEX ix_feedback_message ON feedback (message_id);
CREATE INDEX ix_tool_calls_message ON tool_calls (message_id);
CREATE INDEX ix_tickets_conversation ON tickets (conversation_id);
