using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration;

public class SeedingSwitchTests(SeedingSwitchTests.UnseededFactory factory) : IClassFixture<SeedingSwitchTests.UnseededFactory>
{
    [Fact]
    public void StartsWithAnEmptyKnowledgeBaseWhenDemoDataIsOff()
    {
        _ = factory.Server; // start the app

        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries"));
        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM knowledge_documents"));
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM staff_users"));
    }

    public sealed class UnseededFactory : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["QwenHelp:Seeding:DemoData"] = "false" };
    }
}
