namespace QwenHelp.Infrastructure.Persistence.Tables;

// Rows of the archive manifest (Archiving/ writes them with SQL of its own).

/// <summary>One archive file: a day's conversations, or one part of them (<c>archive_files</c>).</summary>
public sealed class ArchiveFileRow
{
    public long Id { get; set; }

    /// <summary>yyyy-MM-dd, the UTC day of the conversations' last activity.</summary>
    public required string Day { get; set; }

    public int Part { get; set; }

    public required string FileName { get; set; }

    public long Conversations { get; set; }

    /// <summary>Every row of every table, conversations included.</summary>
    public long RowTotal { get; set; }

    /// <summary>JSON object: table name to rows.</summary>
    public required string RowCounts { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>Of the file as stored (gzip).</summary>
    public required string Sha256 { get; set; }

    /// <summary>Of the JSONL inside.</summary>
    public required string ContentSha256 { get; set; }

    /// <summary>0 written, 1 verified, 2 archived (deleted from the live tables).</summary>
    public int Status { get; set; }

    public long CreatedAt { get; set; }

    public long? VerifiedAt { get; set; }

    public long? ArchivedAt { get; set; }

    public long? RestoredAt { get; set; }

    public string? RestoredBy { get; set; }

    public long RestoredCount { get; set; }
}

/// <summary>Which conversations an archive file holds (<c>archived_conversations</c>); outlives the live conversation on purpose.</summary>
public sealed class ArchivedConversationRow
{
    public long ArchiveId { get; set; }

    public required string ConversationId { get; set; }

    public long LastActivity { get; set; }
}

/// <summary>A conversation brought back by a restore, not archived again before <see cref="KeepUntil"/> (<c>restored_conversations</c>).</summary>
public sealed class RestoredConversationRow
{
    public required string ConversationId { get; set; }

    public long ArchiveId { get; set; }

    public long RestoredAt { get; set; }

    public long KeepUntil { get; set; }
}
