-- The conversation engine: memory on the conversation (running summary, pinned facts, handoff),
-- per-turn metrics for the analytics, tool calls, tickets, admin-editable engine settings, and
-- the knowledge-base version that keys the answer cache.

ALTER TABLE conversations ADD COLUMN summary TEXT NULL;
-- The last message id folded into the summary; later messages are the verbatim history.
ALTER TABLE conversations ADD COLUMN summary_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN pinned_facts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE conversations ADD COLUMN unanswered_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN handoff_reason TEXT NULL;
ALTER TABLE conversations ADD COLUMN handoff_at INTEGER NULL;

-- One row per answered turn, keyed by the reply message (assistant answer or system notice).
CREATE TABLE turn_metrics (
    message_id            INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id       TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    answer_mode           INTEGER NOT NULL,
    language              TEXT NOT NULL,
    latency_ms            INTEGER NOT NULL,
    ttft_ms               INTEGER NULL,
    tokens_in             INTEGER NULL,
    tokens_out            INTEGER NULL,
    prompt_limit          INTEGER NULL,
    retrieval_hits        INTEGER NOT NULL DEFAULT 0,
    top_confidence        REAL NULL,
    cache_lookup          INTEGER NOT NULL DEFAULT 0,
    cache_hit             INTEGER NOT NULL DEFAULT 0,
    fallback_reason       TEXT NULL,
    tool_calls            INTEGER NOT NULL DEFAULT 0,
    tool_failures         INTEGER NOT NULL DEFAULT 0,
    guardrail_actions     TEXT NOT NULL DEFAULT '[]',
    injection_detected    INTEGER NOT NULL DEFAULT 0,
    handoff_reason        TEXT NULL,
    citation_check_failed INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL
);
CREATE INDEX ix_turn_metrics_created ON turn_metrics (created_at);
CREATE INDEX ix_turn_metrics_conversation ON turn_metrics (conversation_id);

CREATE TABLE tool_calls (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      INTEGER NULL REFERENCES messages (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    arguments       TEXT NOT NULL,
    result          TEXT NULL,
    succeeded       INTEGER NOT NULL,
    error           TEXT NULL,
    duration_ms     INTEGER NOT NULL,
    caller          TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX ix_tool_calls_conversation ON tool_calls (conversation_id);
CREATE INDEX ix_tool_calls_created ON tool_calls (created_at);

CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NULL REFERENCES conversations (id) ON DELETE SET NULL,
    summary         TEXT NOT NULL,
    contact         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX ix_tickets_status ON tickets (status, created_at);

-- Admin-editable settings of the engine (system prompts, lexicon, handoff rules), as JSON values.
CREATE TABLE engine_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Bumped by every FAQ or document change; part of the answer cache's key.
CREATE TABLE knowledge_base_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO knowledge_base_version (id, version) VALUES (1, 1);
