using QwenHelp.Infrastructure.Search;

namespace QwenHelp.Tests.Unit.Retrieval;

public class ReciprocalRankFusionTests
{
    private static ScoredPassage Hit(int id, double score) => new(PassageKey.Faq(id), score, score);

    [Fact]
    public void ScoresEachPassageByTheWeightedReciprocalOfItsRanks()
    {
        var fused = ReciprocalRankFusion.Fuse(
        [
            new RankedList("keyword", 1.0, [Hit(1, 9), Hit(2, 5)]),
            new RankedList("vector", 0.5, [Hit(2, 0.9), Hit(3, 0.8)]),
        ], k: 60);

        Assert.Equal([2, 1, 3], fused.Select(f => f.Key.Id));
        Assert.Equal((1.0 / 62) + (0.5 / 61), fused[0].Score, 12);
        Assert.Equal(1.0 / 61, fused[1].Score, 12);
        Assert.Equal(0.5 / 62, fused[2].Score, 12);
    }

    [Fact]
    public void KeepsWhichRetrieverFoundEachPassageAtWhatRankAndRawScore()
    {
        var fused = ReciprocalRankFusion.Fuse(
        [
            new RankedList("keyword", 1.0, [Hit(1, 7.5)]),
            new RankedList("vector", 1.0, [Hit(2, 0.4), Hit(1, 0.3)]),
        ], k: 60);

        var first = fused.Single(f => f.Key.Id == 1);
        Assert.Collection(first.Provenance,
            h => Assert.Equal(("keyword", 1, 7.5), (h.Retriever, h.Rank, h.RawScore)),
            h => Assert.Equal(("vector", 2, 0.3), (h.Retriever, h.Rank, h.RawScore)));
    }

    [Fact]
    public void BreaksATieByHowCloseEachCameToTheTopOfEachList()
    {
        // 1 is first by keyword and a close second by vector; 2 is first by vector and a distant second by keyword.
        var fused = ReciprocalRankFusion.Fuse(
        [
            new RankedList("keyword", 1.0, [Hit(1, 10), Hit(2, 2)]),
            new RankedList("vector", 1.0, [Hit(2, 0.80), Hit(1, 0.79)]),
        ], k: 60);

        Assert.Equal(fused[0].Score, fused[1].Score, 12);
        Assert.Equal([1, 2], fused.Select(f => f.Key.Id));
    }

    [Fact]
    public void WithASingleListKeepsItsOrder()
    {
        var fused = ReciprocalRankFusion.Fuse([new RankedList("keyword", 1.0, [Hit(5, 3), Hit(4, 2), Hit(3, 1)])], k: 10);

        Assert.Equal([5, 4, 3], fused.Select(f => f.Key.Id));
    }

    [Fact]
    public void ASmallerKGivesTheFirstRanksMoreWeight()
    {
        List<RankedList> lists =
        [
            new("keyword", 1.0, [Hit(1, 9), Hit(3, 8), Hit(4, 7), Hit(2, 6)]),
            new("vector", 1.0, [Hit(2, 0.9), Hit(3, 0.8), Hit(4, 0.7), Hit(1, 0.6)]),
        ];

        Assert.Equal(3, ReciprocalRankFusion.Fuse(lists, k: 60)[0].Key.Id);
        Assert.NotEqual(3, ReciprocalRankFusion.Fuse(lists, k: 1)[0].Key.Id);
    }
}
