-- The core model: FAQ, knowledge documents and chunks, conversations, messages, feedback.
-- Times are Unix milliseconds (UTC) so that SQLite can compare and order them.

CREATE TABLE faq_entries (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    key                 TEXT NULL UNIQUE,
    question            TEXT NOT NULL,
    answer              TEXT NOT NULL,
    alternate_questions TEXT NOT NULL DEFAULT '[]',
    category            TEXT NOT NULL DEFAULT 'general',
    language            TEXT NOT NULL DEFAULT 'en',
    enabled             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX ix_faq_entries_category_language ON faq_entries (category, language);

CREATE TABLE knowledge_documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    key          TEXT NULL UNIQUE,
    title        TEXT NOT NULL,
    content      TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT 'text/markdown',
    category     TEXT NOT NULL DEFAULT 'general',
    language     TEXT NOT NULL DEFAULT 'en',
    enabled      INTEGER NOT NULL DEFAULT 1,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE knowledge_chunks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    heading     TEXT NULL,
    text        TEXT NOT NULL,
    token_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_knowledge_chunks_document ON knowledge_chunks (document_id, ordinal);

CREATE TABLE conversations (
    id         TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL,
    channel    TEXT NOT NULL,
    language   TEXT NOT NULL,
    state      INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at  INTEGER NULL
);
CREATE INDEX ix_conversations_created ON conversations (created_at);
CREATE INDEX ix_conversations_visitor ON conversations (visitor_id);
CREATE INDEX ix_conversations_state ON conversations (state);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            INTEGER NOT NULL,
    text            TEXT NOT NULL,
    answer_mode     INTEGER NULL,
    citations       TEXT NOT NULL DEFAULT '[]',
    latency_ms      INTEGER NULL,
    tokens_in       INTEGER NULL,
    tokens_out      INTEGER NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX ix_messages_conversation ON messages (conversation_id, id);

CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      INTEGER NULL REFERENCES messages (id) ON DELETE SET NULL,
    rating          INTEGER NOT NULL,
    comment         TEXT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX ix_feedback_conversation ON feedback (conversation_id);
