namespace QwenHelp.Infrastructure.Startup;

/// <summary>Set once the database is migrated and the search index is consistent; read by /health/ready.</summary>
public sealed class StartupReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public void MarkReady() => _ready.TrySetResult();

    /// <summary>Completes when the database is ready (background work such as scheduled jobs waits for it).</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);
}
