using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Seeding;

namespace QwenHelp.Tests.Unit.Knowledge;

public class MarkdownSectionChunkerTests
{
    [Fact]
    public void CarriesTheSectionHeadingWithEachChunk()
    {
        var chunks = new MarkdownSectionChunker().Split("# Returns\n\nIntro text.\n\n## Fees\n\nReturn shipping costs ¥12.\n\nInsurance helps.");

        Assert.Equal([("Returns", "Intro text."), ("Fees", "Return shipping costs ¥12.\n\nInsurance helps.")],
            chunks.Select(c => (c.Heading, c.Text)).ToList());
    }

    [Fact]
    public void KeepsChunksNearTheSizeLimit()
    {
        var paragraphs = string.Join("\n\n", Enumerable.Range(0, 40).Select(i => new string('字', 100)));

        var chunks = new MarkdownSectionChunker().Split(paragraphs);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= MarkdownSectionChunker.MaxChunkCharacters));
    }

    [Fact]
    public void FrontMatterIsReadAndRemovedFromTheBody()
    {
        var (header, body) = FrontMatter.Split("---\ntitle: 退换货政策\nlanguage: zh\n---\n# 正文");

        Assert.Equal("退换货政策", header["title"]);
        Assert.Equal("# 正文", body);
    }
}
