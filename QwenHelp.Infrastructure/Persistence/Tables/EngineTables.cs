namespace QwenHelp.Infrastructure.Persistence.Tables;

// Rows of tables that the conversation engine reads and writes with SQL of its own.

/// <summary>An admin-editable engine setting as a JSON value (<c>engine_settings</c>).</summary>
public sealed class EngineSettingRow
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>The one row whose number every FAQ or document change bumps (<c>knowledge_base_version</c>).</summary>
public sealed class KnowledgeBaseVersionRow
{
    public int Id { get; set; }

    public long Version { get; set; }
}

/// <summary>Which person has taken over a conversation (<c>agent_assignments</c>).</summary>
public sealed class AgentAssignmentRow
{
    public Guid ConversationId { get; set; }

    public required string Agent { get; set; }

    public long TakenAt { get; set; }
}

/// <summary>The additive figures of one calendar day in one time zone, as JSON (<c>analytics_daily</c>).</summary>
public sealed class AnalyticsDailyRow
{
    /// <summary>yyyy-MM-dd.</summary>
    public required string Day { get; set; }

    public required string TimeZone { get; set; }

    public required string Figures { get; set; }

    public long ComputedAt { get; set; }
}
