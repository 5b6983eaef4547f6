-- Keyword index over FAQ entries and knowledge chunks (SQLite FTS5, ranked with bm25()).
-- Rows hold text already split by our analyzer (CJK bigrams, lower-cased words), joined by
-- spaces, so FTS5's own tokenizer only has to split on those spaces. rowid = the source row's id.
-- The start-up consistency check fills these tables for rows that existed before this migration.

CREATE VIRTUAL TABLE faq_fts USING fts5 (
    question,
    alternates,
    answer,
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE VIRTUAL TABLE chunk_fts USING fts5 (
    heading,
    text,
    tokenize = 'unicode61 remove_diacritics 0'
);
