using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Seeding;

namespace QwenHelp.Tests.Unit.Knowledge;

public class DemoDataSetTests
{
    [Fact]
    public void HasAtLeastSixtyValidFaqEntriesInBothLanguagesAcrossEveryCategory()
    {
        var entries = DemoDataSet.LoadFaq();

        Assert.True(entries.Count >= 60, $"only {entries.Count} entries");
        Assert.All(entries, e => Assert.Empty(FaqEntryRules.Validate(e)));
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
        foreach (var category in new[] { "orders", "shipping", "returns", "refunds", "payments", "invoices", "accounts", "warranty", "membership" })
        {
            Assert.Contains(entries, e => e.Category == category && e.Language == Languages.Chinese);
            Assert.Contains(entries, e => e.Category == category && e.Language == Languages.English);
        }
    }

    [Fact]
    public void HasAtLeastFourPolicyDocumentsWithTitlesAndHeadings()
    {
        var documents = DemoDataSet.LoadDocuments();

        Assert.True(documents.Select(d => d.Key!.Split('.')[0]).Distinct().Count() >= 4);
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.True(Languages.IsSupported(d.Language));
            Assert.Contains("## ", d.Content, StringComparison.Ordinal);
        });
    }
}
