namespace QwenHelp.Infrastructure.Startup;

/// <summary>Set once the database is migrated and the search index is consistent; read by /health/ready.</summary>
public sealed class StartupReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
