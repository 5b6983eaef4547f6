using System.Text;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;

namespace QwenHelp.Tests.Unit.Knowledge;

public class FaqFileReaderTests
{
    private static (IReadOnlyList<FaqImportRow> Rows, IReadOnlyList<FaqImportProblem> Problems) Read(string text, FaqFileFormat format) =>
        FaqFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), format);

    [Fact]
    public void ReadsCsvRowsWithQuotedCommasNewlinesAndAlternates()
    {
        var (rows, problems) = Read("""
            key,question,answer,alternates,category,language,enabled
            k1,"Can I pay later?","Yes, with Huabei.
            Up to 12 months.",pay later | installments,payments,en,true
            k2,运费多少?,满99包邮,邮费|运费,shipping,zh,false
            """, FaqFileFormat.Csv);

        Assert.Empty(problems);
        Assert.Equal(2, rows.Count);
        Assert.Equal("Yes, with Huabei.\nUp to 12 months.", rows[0].Entry.Answer.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(["pay later", "installments"], rows[0].Entry.AlternateQuestions);
        Assert.False(rows[1].Entry.Enabled);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public void ReportsABadValueWithItsLine()
    {
        var (_, problems) = Read("question,answer,enabled\nQ1,A1,true\nQ2,A2,perhaps\n", FaqFileFormat.Csv);

        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal("enabled", problem.Field);
    }

    [Fact]
    public void RefusesACsvWithoutTheRequiredColumns()
    {
        var (_, problems) = Read("title,body\nx,y\n", FaqFileFormat.Csv);

        Assert.Contains("question", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsEveryMalformedJsonlLineByNumber()
    {
        var (rows, problems) = Read("""
            {"question":"Q1","answer":"A1","language":"en"}
            {"question":"Q2", broken
            [1,2,3]

            {"question":"Q5","answer":"A5","language":"en","alternates":["q five"]}
            """, FaqFileFormat.Jsonl);

        Assert.Equal([2, 3], problems.Select(p => p.Line));
        Assert.Equal([1, 5], rows.Select(r => r.Line));
        Assert.Equal(["q five"], rows[1].Entry.AlternateQuestions);
    }

    [Fact]
    public void RefusesBrokenUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("question,answer\nQ,").Concat(new byte[] { 0xE4, 0xBD }).Concat("\n"u8.ToArray()).ToArray();

        var (_, problems) = FaqFileReader.Read(new MemoryStream(bytes), FaqFileFormat.Csv);

        Assert.Contains("UTF-8", Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FaqFileFormat.Csv)]
    [InlineData(FaqFileFormat.Jsonl)]
    public async Task WhatIsExportedReadsBackTheSame(FaqFileFormat format)
    {
        var entries = new[]
        {
            new FaqEntry { Key = "a", Question = "如何开发票?", Answer = "在订单详情页申请，\"电子发票\"即时开具。", AlternateQuestions = ["开票", "发票怎么开"], Category = "invoices", Language = "zh" },
            new FaqEntry { Key = "b", Question = "Do you ship abroad?", Answer = "Yes, with EMS, DHL.", Category = "shipping", Language = "en", Enabled = false },
        };
        using var buffer = new MemoryStream();

        await FaqFileWriter.WriteAsync(buffer, entries, format, CancellationToken.None);
        buffer.Position = 0;
        var (rows, problems) = FaqFileReader.Read(buffer, format);

        Assert.Empty(problems);
        Assert.Equal(entries.Select(e => (e.Key, e.Question, e.Answer, string.Join('|', e.AlternateQuestions), e.Category, e.Language, e.Enabled)),
            rows.Select(r => (r.Entry.Key, r.Entry.Question, r.Entry.Answer, string.Join('|', r.Entry.AlternateQuestions!), r.Entry.Category, r.Entry.Language, r.Entry.Enabled)));
    }
}
