-- Earlier versions of knowledge documents, kept so that an edit can be undone. Triggers write a
-- version on every insert and on every change of title, text, category or language, inside the
-- edit's own transaction: no code path (editor, upload, seeding, a future API) can skip it.
-- Versions go when their document is deleted.

CREATE TABLE knowledge_document_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    content      TEXT NOT NULL,
    category     TEXT NOT NULL,
    language     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (document_id, version)
);

-- The documents that exist today start at version 1.
INSERT INTO knowledge_document_versions (document_id, version, title, content, category, language, content_type, created_at)
SELECT id, 1, title, content, category, language, content_type, updated_at FROM knowledge_documents;

CREATE TRIGGER tr_knowledge_documents_first_version AFTER INSERT ON knowledge_documents
BEGIN
    INSERT INTO knowledge_document_versions (document_id, version, title, content, category, language, content_type, created_at)
    VALUES (NEW.id, 1, NEW.title, NEW.content, NEW.category, NEW.language, NEW.content_type, NEW.updated_at);
END;

CREATE TRIGGER tr_knowledge_documents_next_version AFTER UPDATE OF title, content, category, language ON knowledge_documents
WHEN OLD.title IS NOT NEW.title OR OLD.content IS NOT NEW.content OR OLD.category IS NOT NEW.category OR OLD.language IS NOT NEW.language
BEGIN
    INSERT INTO knowledge_document_versions (document_id, version, title, content, category, language, content_type, created_at)
    VALUES (NEW.id,
            COALESCE((SELECT MAX(version) FROM knowledge_document_versions WHERE document_id = NEW.id), 0) + 1,
            NEW.title, NEW.content, NEW.category, NEW.language, NEW.content_type, NEW.updated_at);
END;
