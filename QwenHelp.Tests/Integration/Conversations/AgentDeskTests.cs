using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Conversations;

public class AgentDeskTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private AgentDesk Desk => factory.GetService<AgentDesk>();

    private async Task<Guid> HandedOffConversationAsync()
    {
        var result = await factory.GetService<ConversationEngine>().AnswerAsync(new TurnRequest(null, "I want to talk to a human agent", Channels.Api, "v-" + Guid.NewGuid()));
        Assert.Equal(ConversationState.WaitingForAgent, result.Outcome!.State);
        return result.Outcome.ConversationId;
    }

    [Fact]
    public async Task AHandedOffConversationWaitsInTheQueueUntilTaken()
    {
        var id = await HandedOffConversationAsync();

        Assert.Contains(await Desk.WaitingAsync(), c => c.Id == id);
        Assert.True(await Desk.TakeAsync(id, "li"));

        Assert.DoesNotContain(await Desk.WaitingAsync(), c => c.Id == id);
        Assert.Contains(await Desk.TakenByAsync("li"), c => c.Id == id);
    }

    [Fact]
    public async Task OnlyOneAgentCanTakeAConversation()
    {
        var id = await HandedOffConversationAsync();

        var first = Desk.TakeAsync(id, "li");
        var second = Desk.TakeAsync(id, "wang");
        var taken = await Task.WhenAll(first, second);

        Assert.Equal(1, taken.Count(t => t));
    }

    [Fact]
    public async Task OnlyTheAgentWhoTookItCanReplyAndTheReplyIsStoredAndAnnounced()
    {
        var id = await HandedOffConversationAsync();
        await Desk.TakeAsync(id, "li");
        var announced = new List<ConversationFeedItem>();
        using var subscription = factory.GetService<ConversationFeed>().Subscribe(id, announced.Add);

        var (otherId, otherProblem) = await Desk.ReplyAsync(id, "wang", "Hello");
        var (messageId, problem) = await Desk.ReplyAsync(id, "li", "Hello, I am Li.");
        var (_, emptyProblem) = await Desk.ReplyAsync(id, "li", "   ");

        Assert.Null(otherId);
        Assert.NotNull(otherProblem);
        Assert.Null(problem);
        Assert.NotNull(emptyProblem);
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM messages WHERE id = {messageId} AND role = {(int)MessageRole.Agent}"));
        Assert.Contains(announced, a => a.MessageId == messageId && a.Role == MessageRole.Agent);
    }

    [Fact]
    public async Task HandingBackGivesTheConversationToTheAssistantAgain()
    {
        var id = await HandedOffConversationAsync();
        await Desk.TakeAsync(id, "li");

        Assert.True(await Desk.HandBackAsync(id));

        var next = await factory.GetService<ConversationEngine>().AnswerAsync(new TurnRequest(id, "How do I reset my password?", Channels.Api));
        Assert.Equal(ConversationState.Bot, next.Outcome!.State);
        Assert.NotEqual(AnswerMode.Agent, next.Outcome.Mode);
        Assert.Null(await Desk.AssignedAgentAsync(id));
    }
}
