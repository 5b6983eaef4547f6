using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Conversations;

/// <summary>Talks to the engine of a test host the way the widget does, and reads what it stored.</summary>
public sealed class EngineTestKit(QwenHelpFactory factory)
{
    public ConversationEngine Engine => factory.GetService<ConversationEngine>();

    /// <param name="visitorId">Who starts the conversation (e.g. <see cref="SignedCustomer"/>); anonymous when null.</param>
    public async Task<TurnOutcome> SayAsync(Guid? conversationId, string message, string channel = Channels.Widget, string? visitorId = null)
    {
        var result = await Engine.AnswerAsync(new TurnRequest(conversationId, message, channel, visitorId));
        Assert.True(result.Succeeded, $"The message '{message}' was refused: {result.Error}");
        return result.Outcome!;
    }

    public async Task<List<TurnEvent>> StreamAsync(Guid? conversationId, string message)
    {
        var events = new List<TurnEvent>();
        await foreach (var item in Engine.StreamTurnAsync(new TurnRequest(conversationId, message, Channels.Widget)))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>The visitor id of a customer the host site signed in (what SignedVisitorIdentity makes), e.g. an order's owner.</summary>
    public static string SignedCustomer(string userId) => $"site:demo:user:{userId}";

    public long Scalar(string sql) => SqliteProbe.Scalar(factory.DatabaseFile, sql);

    public static string Sql(Guid id) => id.ToString().ToUpperInvariant();
}
