using System.Net;
using System.Text;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Knowledge;

public class FaqImportTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private FaqService Faq => factory.GetService<FaqService>();

    private static IReadOnlyList<FaqImportRow> Rows(string csv)
    {
        var (rows, problems) = FaqFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), FaqFileFormat.Csv);
        Assert.Empty(problems);
        return rows;
    }

    private long FaqCount() => SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries");

    [Fact]
    public async Task AFileWithOneBadLineImportsNothingAndNamesTheLine()
    {
        var before = FaqCount();

        var report = await Faq.ImportAsync(Rows("""
            question,answer,category,language
            Do you sell gift cards?,Yes.,orders,en
            ,An answer without a question,orders,en
            Do you sell phone cases?,Yes.,orders,fr
            """));

        Assert.False(report.Succeeded);
        Assert.Equal([(3, "question"), (4, "language")], report.Problems.Select(p => (p.Line, p.Field!)));
        Assert.Equal(before, FaqCount());
    }

    [Fact]
    public async Task AnImportAddsNewEntriesAndUpdatesThoseWithAKnownKey()
    {
        await Faq.ImportAsync(Rows("key,question,answer,category,language\nimport-tea,Do you sell tea?,Only green tea.,orders,en\n"));
        var before = FaqCount();

        var report = await Faq.ImportAsync(Rows("""
            key,question,answer,category,language
            import-tea,Do you sell tea?,Green and black tea.,orders,en
            import-coffee,Do you sell coffee beans?,Yes.,orders,en
            """));

        Assert.Equal((1, 1), (report.Created, report.Updated));
        Assert.Equal(before + 1, FaqCount());
        Assert.Equal(1, SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_entries WHERE key = 'import-tea' AND answer = 'Green and black tea.'"));
        Assert.Equal(FaqCount(), SqliteProbe.Scalar(factory.DatabaseFile, "SELECT COUNT(*) FROM faq_fts"));
    }

    [Fact]
    public async Task ADuplicateKeyInOneFileIsReported()
    {
        var report = await Faq.ImportAsync(Rows("key,question,answer,category,language\nk,Q1,A,orders,en\nk,Q2,A,orders,en\n"));

        Assert.Equal(3, Assert.Single(report.Problems).Line);
    }

    [Fact]
    public async Task TheExportNeedsAnAdminLogin()
    {
        var response = await factory.CreateClient().GetAsync("/api/admin/faq/export?format=csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
