using System.Text;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;

namespace QwenHelp.Tests.Unit.Security;

public class FaqCsvFormulaTests
{
    [Fact]
    public async Task TheFaqCsvExportNeutralisesSpreadsheetFormulasAndTheImportReadsThemBackUnchanged()
    {
        var entry = new FaqEntry
        {
            Question = "=HYPERLINK(\"http://evil.example\",\"Click\")",
            Answer = "+1 for the answer; @SUM(A1) and -2 too",
            Category = "general",
            Language = "en",
        };
        using var file = new MemoryStream();

        await FaqFileWriter.WriteAsync(file, [entry], FaqFileFormat.Csv, default);
        var csv = Encoding.UTF8.GetString(file.ToArray());
        var (rows, problems) = FaqFileReader.Read(new MemoryStream(file.ToArray()), FaqFileFormat.Csv);

        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Empty(problems);
        Assert.Equal(entry.Question, rows[0].Entry.Question);
        Assert.Equal(entry.Answer, rows[0].Entry.Answer);
    }
}
