-- The hybrid retrieval index: embeddings of FAQ entries and knowledge chunks, and what each
-- index was built with, so that start-up can tell when one must be rebuilt or re-embedded.

-- What an index was built with: 'keyword.analyzer' (the analyzer version the FTS5 rows were
-- written with), 'vector.model' / 'vector.dimension' (the embedder the vectors should come from),
-- 'vector.stale' (1 while vectors from another model or dimension, or none at all, are waiting
-- to be re-embedded) and 'vector.stale_reason'.
CREATE TABLE search_index_state (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One embedding per passage and model. Vectors of several models may coexist while a new set is
-- built; the index serves the configured model's.
CREATE TABLE passage_vectors (
    kind         INTEGER NOT NULL,  -- 0 FAQ entry, 1 knowledge chunk
    source_id    INTEGER NOT NULL,  -- faq_entries.id or knowledge_chunks.id
    model_id     TEXT NOT NULL,
    dimension    INTEGER NOT NULL,
    vector       BLOB NOT NULL,     -- dimension float32 values, little-endian, L2-normalized
    content_hash TEXT NOT NULL,     -- SHA-256 of the text that was embedded: unchanged text is not embedded again
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (kind, source_id, model_id)
) WITHOUT ROWID;

-- Whatever deletes a passage (an edit, a document delete cascading to its chunks, a hand-made
-- DELETE) takes its vectors and keyword rows with it.
CREATE TRIGGER faq_entries_after_delete_index AFTER DELETE ON faq_entries
BEGIN
    DELETE FROM passage_vectors WHERE kind = 0 AND source_id = OLD.id;
    DELETE FROM faq_fts WHERE rowid = OLD.id;
END;

CREATE TRIGGER knowledge_chunks_after_delete_index AFTER DELETE ON knowledge_chunks
BEGIN
    DELETE FROM passage_vectors WHERE kind = 1 AND source_id = OLD.id;
    DELETE FROM chunk_fts WHERE rowid = OLD.id;
END;

-- The analyzer now stems English words and keeps identifiers whole (version 2): keyword rows
-- written by version 1 are cleared here and rebuilt at start-up from the source tables.
DELETE FROM faq_fts;
DELETE FROM chunk_fts;
INSERT INTO search_index_state (name, value, updated_at) VALUES ('keyword.analyzer', '2', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
