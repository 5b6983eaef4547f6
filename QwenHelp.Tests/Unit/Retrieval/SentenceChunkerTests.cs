using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Seeding;

namespace QwenHelp.Tests.Unit.Retrieval;

public class SentenceChunkerTests
{
    private static readonly EstimatedTokenCounter Tokens = new();

    private static SentenceChunker Chunker(int maxTokens = 256, int overlapTokens = 40) =>
        new(Tokens, Options.Create(new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens }));

    [Fact]
    public void CarriesTheHeadingPathWithEachChunkAndNeverMixesSections()
    {
        var chunks = Chunker().Split("# Returns\n\nIntro text.\n\n## Fees\n\nReturn shipping costs ¥12.\n\nInsurance helps.\n\n### Insurance\n\nIt pays ¥10.\n\n## Time limits\n\nSeven days.");

        Assert.Equal(
            [("Returns", "Intro text."), ("Returns › Fees", "Return shipping costs ¥12.\nInsurance helps."), ("Returns › Fees › Insurance", "It pays ¥10."), ("Returns › Time limits", "Seven days.")],
            chunks.Select(c => (c.Heading, c.Text)).ToList());
    }

    [Theory]
    [InlineData("退货需要在7天内申请。退款原路返回！还有问题吗？好的；谢谢", new[] { "退货需要在7天内申请。", "退款原路返回！", "还有问题吗？", "好的；", "谢谢" })]
    [InlineData("Refunds take 3 days. Cards take longer! Why? See e.g. the policy, No. 5 at 1.5 p.m.", new[] { "Refunds take 3 days.", "Cards take longer!", "Why?", "See e.g. the policy, No. 5 at 1.5 p.m." })]
    [InlineData("He said \"no.\" Then left.", new[] { "He said \"no.\"", "Then left." })]
    public void SplitsSentencesAtChineseAndEnglishEndings(string line, string[] sentences)
    {
        Assert.Equal(sentences, SentenceChunker.SplitSentences(line));
    }

    [Fact]
    public void BoundsEveryChunkByTokensAndCutsOnlyBetweenSentences()
    {
        var sentences = Enumerable.Range(1, 60).Select(i => $"This is sentence number {i} about returns and refunds.").ToList();

        var chunks = Chunker(maxTokens: 60, overlapTokens: 15).Split(string.Join(' ', sentences));

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c =>
        {
            Assert.True(Tokens.CountTokens(c.Text) <= 60, c.Text);
            Assert.EndsWith(".", c.Text, StringComparison.Ordinal);
            Assert.StartsWith("This is sentence", c.Text, StringComparison.Ordinal);
        });
        Assert.All(sentences, s => Assert.Contains(chunks, c => c.Text.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void RepeatsTheLastSentencesOfAChunkAtTheStartOfTheNext()
    {
        var text = string.Join("", Enumerable.Range(1, 40).Select(i => $"第{i}条规定退货要求。"));

        var chunks = Chunker(maxTokens: 50, overlapTokens: 20).Split(text);

        Assert.True(chunks.Count > 3);
        for (var i = 1; i < chunks.Count; i++)
        {
            var lastOfPrevious = SentenceChunker.SplitSentences(chunks[i - 1].Text)[^1];
            Assert.StartsWith(SentenceChunker.SplitSentences(chunks[i].Text)[0], chunks[i].Text, StringComparison.Ordinal);
            Assert.Contains(lastOfPrevious, chunks[i].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CutsASentenceLongerThanTheLimitAtSpacesOrAnywhereInChinese()
    {
        var english = string.Join(' ', Enumerable.Repeat("word", 500));
        var chinese = new string('字', 500);

        var chunks = Chunker(maxTokens: 64, overlapTokens: 0).Split(english + "\n\n" + chinese);

        Assert.All(chunks, c => Assert.True(Tokens.CountTokens(c.Text) <= 64));
        Assert.Equal(500, chunks.Sum(c => c.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w == "word")));
        Assert.Equal(500, chunks.Sum(c => c.Text.Count(ch => ch == '字')));
    }

    [Fact]
    public void ReadsTablesAndListsAsLinesWithoutMarkup()
    {
        var chunks = Chunker().Split("## Glance\n\n| Situation | Limit |\n|---|---|\n| Changed your mind | **7 days** |\n\n- First item\n1. [Numbered](http://x) item");

        var chunk = Assert.Single(chunks);
        Assert.Equal("Situation | Limit\nChanged your mind | 7 days\nFirst item\nNumbered item", chunk.Text);
        Assert.Equal(Tokens.CountTokens(chunk.Text), chunk.TokenCount);
    }

    [Fact]
    public void GivesNoChunksForADocumentWithoutText()
    {
        Assert.Empty(Chunker().Split("# Only a heading\n\n## And another\n\n   \n"));
        Assert.Empty(Chunker().Split(""));
    }

    [Fact]
    public void SplitsEveryDemoPolicyIntoBoundedChunksThatKeepAllItsText()
    {
        foreach (var document in DemoDataSet.LoadDocuments())
        {
            var chunks = Chunker().Split(document.Content);

            Assert.NotEmpty(chunks);
            Assert.All(chunks, c => Assert.True(c.TokenCount <= 256));
            Assert.All(chunks, c => Assert.False(string.IsNullOrWhiteSpace(c.Heading)));
        }
    }

    [Fact]
    public void FrontMatterIsReadAndRemovedFromTheBody()
    {
        var (header, body) = FrontMatter.Split("---\ntitle: 退换货政策\nlanguage: zh\n---\n# 正文");

        Assert.Equal("退换货政策", header["title"]);
        Assert.Equal("# 正文", body);
    }
}
