using QwenHelp.Domain.Chat;

namespace QwenHelp.Tests.Unit;

public class ChatMessageRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void RefusesAnEmptyMessage(string? text)
    {
        Assert.Equal(ChatErrorKind.EmptyMessage, ChatMessageRules.Check(text, 4000).Error);
    }

    [Fact]
    public void RefusesAMessageOverTheLimit()
    {
        Assert.Equal(ChatErrorKind.MessageTooLong, ChatMessageRules.Check(new string('a', 4001), 4000).Error);
    }

    [Fact]
    public void AcceptsAMessageAtTheLimitAndTrimsIt()
    {
        var check = ChatMessageRules.Check("  " + new string('好', 4000) + "  ", 4000);
        Assert.True(check.IsValid);
        Assert.Equal(4000, check.Text!.Length);
    }

    [Fact]
    public void RefusesALoneSurrogate()
    {
        Assert.Equal(ChatErrorKind.MalformedText, ChatMessageRules.Check("bad \uD83D text", 4000).Error);
    }

    [Fact]
    public void AcceptsEmoji()
    {
        Assert.True(ChatMessageRules.Check("谢谢 👍", 4000).IsValid);
    }
}
