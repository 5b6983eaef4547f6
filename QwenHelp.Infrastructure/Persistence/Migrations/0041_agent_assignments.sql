-- Which person has taken over a conversation (while it is in the Agent state).

CREATE TABLE agent_assignments (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    agent           TEXT NOT NULL,
    taken_at        INTEGER NOT NULL
);
CREATE INDEX ix_agent_assignments_agent ON agent_assignments (agent);
