using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

/// <summary>Examples from Porter's 1980 paper and his published vocabulary.</summary>
public class PorterStemmerTests
{
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("generalization", "gener")]
    [InlineData("hopefulness", "hope")]
    [InlineData("electrical", "electr")]
    [InlineData("adjustment", "adjust")]
    [InlineData("controlling", "control")]
    public void StemsAsThePublishedAlgorithmDoes(string word, string stem)
    {
        Assert.Equal(stem, PorterStemmer.Stem(word));
    }

    [Theory]
    [InlineData("as")]
    [InlineData("café")]
    [InlineData("Refunds")]
    [InlineData("abc123")]
    public void LeavesShortNonAsciiOrMixedWordsAlone(string word)
    {
        Assert.Equal(word, PorterStemmer.Stem(word));
    }
}
