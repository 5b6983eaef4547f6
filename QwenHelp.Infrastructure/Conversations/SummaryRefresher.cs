using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// With a model configured, rewrites a conversation's running summary with the model after turns
/// slide out of the window, in the background so no customer waits for it. The extractive summary
/// written with the turn stays whenever the model is slow, fails, or the conversation moved on.
/// </summary>
public sealed partial class SummaryRefresher(
    IServiceProvider services,
    IDbContextFactory<QwenHelpDbContext> dbFactory,
    ConversationStore store,
    ILogger<SummaryRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Channel<Guid> _queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly IChatClient? _model = services.GetService<IChatClient>();

    public bool Enabled => _model is not null;

    /// <summary>Asks for the summary of <paramref name="conversationId"/> to be rewritten (no-op without a model).</summary>
    public void Enqueue(Guid conversationId)
    {
        if (_model is not null)
        {
            _queue.Writer.TryWrite(conversationId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_model is null)
        {
            return;
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(_model, id, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(id, ex);
            }
        }
    }

    public async Task RefreshAsync(IChatClient model, Guid id, CancellationToken cancellationToken)
    {
        string? summary;
        long through;
        string language;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.Conversations.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Summary, c.SummaryThrough, c.Language }).FirstOrDefaultAsync(cancellationToken);
            if (row?.Summary is null || row.Summary.Length == 0)
            {
                return;
            }

            (summary, through, language) = (row.Summary, row.SummaryThrough, row.Language);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var response = await model.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, Instruction(language)),
                new ChatMessage(ChatRole.User, summary),
            ],
            new ChatOptions { MaxOutputTokens = 400 },
            timeout.Token);
        var rewritten = response.Text.Trim();
        if (rewritten.Length == 0 || rewritten.Length > summary.Length * 2)
        {
            return;
        }

        // Written under the conversation's lock, and only if no turn folded more messages meanwhile.
        using var gate = await store.LockAsync(id, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var updated = await db.Conversations.Where(c => c.Id == id && c.SummaryThrough == through && c.Summary == summary)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Summary, rewritten), cancellationToken);
            if (updated == 0)
            {
                return;
            }
        }

        store.Forget(id);
    }

    internal static string Instruction(string language) => language == Languages.Chinese
        ? "把下面的客服对话记录压缩成简短的摘要（不超过 8 行），保留客户的问题、已给出的答复、订单号、联系方式和未解决的事项。只输出摘要。"
        : "Condense the customer-service conversation log below into a short summary (at most 8 lines). Keep the customer's questions, the answers given, order numbers, contact details and anything unresolved. Output only the summary.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not rewrite the summary of conversation {ConversationId}; the extractive summary stays")]
    private partial void LogFailed(Guid conversationId, Exception exception);
}
