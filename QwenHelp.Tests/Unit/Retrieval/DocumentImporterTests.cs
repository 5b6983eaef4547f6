using System.Text;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Knowledge.Import;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Retrieval;

public class DocumentImporterTests
{
    private readonly DocumentImporter _importer = new(Options.Create(new ImportOptions { MaxBytes = 64 * 1024 }));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void ReadsMarkdownWithItsFrontMatterTitleAndDetectsTheLanguage()
    {
        var imported = _importer.Import("returns.md", Utf8("---\ntitle: 退换货政策\n---\n# 退货\n\n七天无理由退货。"));

        Assert.Equal("退换货政策", imported.Title);
        Assert.Equal("# 退货\n\n七天无理由退货。", imported.Markdown);
        Assert.Equal("text/markdown", imported.ContentType);
        Assert.Equal("zh", imported.Language);
    }

    [Fact]
    public void TakesAMarkdownTitleFromTheFirstHeadingAndAPlainTextTitleFromTheFileName()
    {
        Assert.Equal("Shipping", _importer.Import("a.md", Utf8("# Shipping\n\nWe ship daily.")).Title);
        var text = _importer.Import("Opening hours.txt", Utf8("\uFEFFWe open at 9."));
        Assert.Equal("Opening hours", text.Title);
        Assert.Equal("We open at 9.", text.Markdown);
        Assert.Equal("en", text.Language);
    }

    [Fact]
    public void ReadsTextSavedByAChineseWindowsAsGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030").GetBytes("会员积分一年后清零。");

        Assert.Equal("会员积分一年后清零。", _importer.Import("积分.txt", gb).Markdown);
    }

    [Fact]
    public void ReadsHtmlAsHeadingsListsAndTableRowsWithoutScriptsOrNavigation()
    {
        var html = """
            <html><head><title>Warranty</title><style>p{color:red}</style><script>alert('x')</script></head>
            <body><nav>Home | Shop</nav><h1>Warranty policy</h1><p>One   year
            from delivery.</p><h2>Exclusions</h2><ul><li>Drops</li><li>Water</li></ul>
            <table><tr><th>Item</th><th>Period</th></tr><tr><td>Cables</td><td>6 months</td></tr></table><footer>© Lumen</footer></body></html>
            """;

        var imported = _importer.Import("warranty.html", Utf8(html));

        Assert.Equal("Warranty", imported.Title);
        Assert.Equal("# Warranty policy\n\nOne year from delivery.\n## Exclusions\n\n- Drops\n- Water\nItem | Period\nCables | 6 months", imported.Markdown);
        Assert.DoesNotContain("alert", imported.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", imported.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsWordHeadingsListsAndTablesIncludingChineseWordStyleIds()
    {
        var docx = new DocxBuilder()
            .Title("保修政策")
            .Heading("保修期", styleId: "1")
            .Paragraph("电子产品保修一年。")
            .Heading("不保修的情况", level: 2)
            .ListItem("进水")
            .Table(["项目", "期限"], ["配件", "6个月"])
            .Build();

        var imported = _importer.Import("warranty.docx", docx);

        Assert.Equal("保修政策", imported.Title);
        Assert.Equal("# 保修期\n\n电子产品保修一年。\n## 不保修的情况\n\n- 进水\n项目 | 期限\n配件 | 6个月", imported.Markdown);
        Assert.Equal("zh", imported.Language);
    }

    [Theory]
    [InlineData("manual.pdf", "Copy its text")]
    [InlineData("old.doc", "Save it as .docx")]
    [InlineData("picture.png", "not a supported type")]
    [InlineData("no-extension", "not a supported type")]
    public void RefusesUnsupportedFileTypesWithAHint(string fileName, string hint)
    {
        var error = Assert.Throws<DocumentImportException>(() => _importer.Import(fileName, Utf8("whatever")));

        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.Contains("Markdown (.md), text (.txt), HTML (.html) or Word (.docx)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesACorruptWordDocumentClearly()
    {
        var docx = new DocxBuilder().Paragraph("Hello").Build();
        var truncated = docx[..(docx.Length / 2)];

        var error = Assert.Throws<DocumentImportException>(() => _importer.Import("broken.docx", truncated));
        Assert.Contains("'broken.docx' is not a valid Word document (.docx)", error.Message, StringComparison.Ordinal);

        var renamed = Assert.Throws<DocumentImportException>(() => _importer.Import("renamed.docx", Utf8("just text, not a zip")));
        Assert.Contains("not a valid Word document", renamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesEmptyOversizedBinaryAndTextlessFiles()
    {
        Assert.Contains("is empty", Assert.Throws<DocumentImportException>(() => _importer.Import("a.txt", [])).Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 64 KB", Assert.Throws<DocumentImportException>(() => _importer.Import("big.md", new byte[100 * 1024])).Message, StringComparison.Ordinal);
        Assert.Contains("not a text file", Assert.Throws<DocumentImportException>(() => _importer.Import("bin.txt", [0x41, 0x00, 0x42, 0xFF])).Message, StringComparison.Ordinal);
        Assert.Contains("no text to index", Assert.Throws<DocumentImportException>(() => _importer.Import("empty.html", Utf8("<html><body><script>x()</script></body></html>"))).Message, StringComparison.Ordinal);
        Assert.Contains("no text to index", Assert.Throws<DocumentImportException>(() => _importer.Import("blank.docx", new DocxBuilder().Build())).Message, StringComparison.Ordinal);
    }
}
