using QwenHelp.Domain.Retrieval;
using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

public class KeywordIndexTests
{
    private static readonly TextAnalyzer Analyzer = new();

    private static void AddFaq(KeywordIndex index, int id, string question, string answer, string language = "en", bool enabled = true, string alternates = "") =>
        index.Upsert(PassageKey.Faq(id), new PassageAttributes(language, enabled),
        [
            new(Analyzer.ToIndexText(question), 3f),
            new(Analyzer.ToIndexText(alternates), 2f),
            new(Analyzer.ToIndexText(answer), 1f),
        ]);

    private static List<int> Search(KeywordIndex index, string query, int limit = 10, string language = "en", double otherLanguageFactor = 1.0) =>
        index.Search(Analyzer.Analyze(query), limit, language, otherLanguageFactor).Select(h => h.Key.Id).ToList();

    [Fact]
    public void RanksTheEntryWhoseQuestionMatchesAboveOneThatOnlyMentionsTheWordsInItsAnswer()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "How do I track my parcel?", "Open My Orders to see the tracking number; refunds appear there too.");
        AddFaq(index, 2, "How long does a refund take?", "Refunds arrive within 3 business days.");

        Assert.Equal([2, 1], Search(index, "refund time"));
    }

    [Fact]
    public void FindsInflectedFormsThroughStemming()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Can I cancel an order?", "Yes, before it ships.");

        Assert.Equal([1], Search(index, "cancelling orders"));
    }

    [Fact]
    public void NeverReturnsADisabledEntryOrARemovedOne()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Gift wrapping", "Yes.", enabled: false);
        AddFaq(index, 2, "Gift cards", "Yes.");
        AddFaq(index, 3, "Gift vouchers", "Yes.");

        Assert.True(index.Remove(PassageKey.Faq(3)));

        Assert.Equal([2], Search(index, "gift"));
        Assert.False(index.Remove(PassageKey.Faq(3)));
    }

    [Fact]
    public void AnEnabledChangeTakesEffectWithoutReindexing()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Gift wrapping", "Yes.", enabled: false);

        index.SetAttributes(PassageKey.Faq(1), new PassageAttributes("en", true));

        Assert.Equal([1], Search(index, "gift wrapping"));
    }

    [Fact]
    public void AnUpsertReplacesThePassagesOldText()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Can I pay with seashells?", "No.");

        AddFaq(index, 1, "Can I pay with cryptocurrency?", "Not yet.");

        Assert.Empty(Search(index, "seashells"));
        Assert.Equal([1], Search(index, "cryptocurrency"));
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void PrefersTheCustomersLanguageAmongEqualMatches()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "VIP 会员", "积分", language: "zh");
        AddFaq(index, 2, "VIP member", "points", language: "en");

        Assert.Equal(1, Search(index, "VIP", language: "zh", otherLanguageFactor: 0.8)[0]);
        Assert.Equal(2, Search(index, "VIP", language: "en", otherLanguageFactor: 0.8)[0]);
    }

    [Fact]
    public void FindsAWordTheIndexHasNeverSeenThroughTheWordsOneTypoAway()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "How do I cancel my order?", "In My Orders.");
        AddFaq(index, 2, "What is the address of the warehouse?", "Hangzhou.");

        Assert.Equal([2], Search(index, "adress"));
        Assert.Equal([1], Search(index, "cancle order"));
        Assert.Empty(Search(index, "cxncxl"));

        // Once the word itself is indexed, it matches exactly and its neighbours no longer stand in for it.
        AddFaq(index, 3, "Where is the cancle button?", "Top right.");
        Assert.Equal([3], Search(index, "cancle"));
    }

    [Fact]
    public void ReturnsNothingForTermsItHasNeverSeen()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Shipping fees", "¥8 below ¥99.");

        Assert.Empty(Search(index, "xylophone quantum"));
        Assert.Empty(index.Search([], 10, "en"));
    }

    [Fact]
    public void PrunedTopKEqualsFullScoringOnARandomCorpus()
    {
        // Top-k pruning must never change the result: compare with a search asking for everything.
        using var index = new KeywordIndex();
        var random = new Random(7);
        string[] vocabulary = [.. Enumerable.Range(0, 300).Select(i => "w" + i)];
        string Word() => vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Floor(Math.Pow(random.NextDouble(), 3) * vocabulary.Length))];
        for (var id = 0; id < 3000; id++)
        {
            var text = string.Join(' ', Enumerable.Range(0, random.Next(5, 60)).Select(_ => Word()));
            index.Upsert(PassageKey.Chunk(id), new PassageAttributes(id % 4 == 0 ? "zh" : "en", id % 17 != 0), [new(Word(), 2f), new(text, 1f)]);
        }

        for (var q = 0; q < 100; q++)
        {
            var terms = Enumerable.Range(0, random.Next(1, 8)).Select(_ => Word()).ToList();
            var all = index.Search(terms, 100_000, "en", 0.8);
            var top = index.Search(terms, 10, "en", 0.8);
            Assert.Equal(all.Take(10).Select(h => h.Key), top.Select(h => h.Key));
            Assert.Equal(all.Take(10).Select(h => h.Score), top.Select(h => h.Score));
        }
    }

    [Fact]
    public void IsNotMisledByWhateverAPooledScoreArrayHeldBefore()
    {
        using var index = new KeywordIndex();
        for (var id = 0; id < 5000; id++)
        {
            AddFaq(index, id, $"topic{id} shared", "text");
        }

        // Another user of the shared pool hands back an array full of leftovers.
        var leftovers = System.Buffers.ArrayPool<float>.Shared.Rent(5000);
        Array.Fill(leftovers, 1f);
        System.Buffers.ArrayPool<float>.Shared.Return(leftovers);

        Assert.Equal([4321], Search(index, "topic4321 shared", limit: 1));
        Assert.Equal([17], Search(index, "topic17", limit: 1));
    }

    [Fact]
    public void KeepsAnsweringTheSameAfterManyDeletesCompactTheIndex()
    {
        using var index = new KeywordIndex();
        for (var id = 0; id < 400; id++)
        {
            AddFaq(index, id, id % 2 == 0 ? $"alpha topic {id}" : $"beta topic {id}", "text");
        }

        for (var id = 0; id < 400; id += 2)
        {
            index.Remove(PassageKey.Faq(id));
        }

        AddFaq(index, 1000, "alpha after compaction", "text");

        Assert.Equal([1000], Search(index, "alpha"));
        Assert.Equal(200, Search(index, "beta", limit: 1000).Count);
        Assert.Equal(201, index.Count);
    }

    [Fact]
    public void MeasuresCoverageOnTheQuestionAndAlternatesOnly()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "How do I reset my password?", "Tap forgot password and enter the SMS code.", alternates: "forgot login");

        Assert.Equal(1.0, index.Coverage(PassageKey.Faq(1), Analyzer.Analyze("reset password forgot"), 0b011));
        Assert.Equal(0.5, index.Coverage(PassageKey.Faq(1), Analyzer.Analyze("password sms"), 0b011));
        Assert.Equal(1.0, index.Coverage(PassageKey.Faq(1), Analyzer.Analyze("password sms")));
        Assert.Equal(0.0, index.Coverage(PassageKey.Faq(99), Analyzer.Analyze("password")));
    }

    [Fact]
    public void RanksChunksAndFaqEntriesInOneList()
    {
        using var index = new KeywordIndex();
        AddFaq(index, 1, "Warranty period", "One year.");
        index.Upsert(PassageKey.Chunk(1), new PassageAttributes("en", true), [new(Analyzer.ToIndexText("Warranty policy › Period"), 2f), new(Analyzer.ToIndexText("The warranty period is one year from delivery."), 1f)]);

        var kinds = index.Search(Analyzer.Analyze("warranty period"), 10, "en").Select(h => h.Key.Kind).ToHashSet();

        Assert.Equal([PassageKind.Faq, PassageKind.Chunk], kinds.Order());
    }
}

public class EditDistanceTests
{
    [Theory]
    [InlineData("cancel", "cancel", true)]
    [InlineData("cancl", "cancel", true)]
    [InlineData("adress", "address", true)]
    [InlineData("retrun", "return", true)]
    [InlineData("cupon", "coupon", true)]
    [InlineData("pirce", "price", true)]
    [InlineData("pirc", "price", false)]
    [InlineData("refund", "return", false)]
    [InlineData("ab", "abcd", false)]
    public void TellsWhetherTwoWordsAreOneTypoApart(string a, string b, bool expected)
    {
        Assert.Equal(expected, EditDistance.AtMostOne(a, b));
        Assert.Equal(expected, EditDistance.AtMostOne(b, a));
    }
}
