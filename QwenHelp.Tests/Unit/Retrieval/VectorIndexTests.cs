using System.Numerics.Tensors;
using QwenHelp.Infrastructure.Search;
using QwenHelp.Infrastructure.Vectors;

namespace QwenHelp.Tests.Unit.Retrieval;

public class VectorIndexTests
{
    private static float[] RandomUnit(Random random, int dimension)
    {
        var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }

    [Theory]
    [InlineData(100, 5000)]
    [InlineData(512, 20_000)]
    [InlineData(37, 300)]
    public void ReturnsExactlyTheTopKABruteForceScanFinds(int dimension, int rows)
    {
        var random = new Random(dimension);
        using var index = new VectorIndex("test", dimension);
        var vectors = new List<float[]>();
        for (var i = 0; i < rows; i++)
        {
            vectors.Add(RandomUnit(random, dimension));
            index.Upsert(PassageKey.Chunk(i), new PassageAttributes(i % 3 == 0 ? "zh" : "en", i % 11 != 0), vectors[i]);
        }

        for (var q = 0; q < 20; q++)
        {
            var query = RandomUnit(random, dimension);
            var expected = vectors
                .Select((v, i) => (Id: i, Score: Adjust(TensorPrimitives.Dot(v, query), i % 3 == 0)))
                .Where(x => x.Id % 11 != 0)
                .OrderByDescending(x => x.Score)
                .Take(10)
                .Select(x => x.Id)
                .ToList();

            Assert.Equal(expected, index.Search(query, 10, "en", 0.8).Select(h => h.Key.Id).ToList());
        }

        static double Adjust(float similarity, bool otherLanguage) =>
            !otherLanguage ? similarity : similarity > 0 ? similarity * 0.8 : similarity / 0.8;
    }

    [Fact]
    public void ReportsTheCosineSimilarityAsTheRawScore()
    {
        using var index = new VectorIndex("test", 3);
        index.Upsert(PassageKey.Faq(1), new PassageAttributes("en", true), [3f, 4f, 0f]);

        var hit = Assert.Single(index.Search([1f, 0f, 0f], 5, "en"));

        Assert.Equal(0.6, hit.RawScore, 5);
        Assert.Equal(0.6, index.Similarity(PassageKey.Faq(1), [2f, 0f, 0f])!.Value, 5);
        Assert.Null(index.Similarity(PassageKey.Faq(2), [1f, 0f, 0f]));
    }

    [Fact]
    public void RefusesVectorsOfAnotherDimensionOrWithoutDirection()
    {
        using var index = new VectorIndex("test", 4);

        Assert.Throws<ArgumentException>(() => index.Upsert(PassageKey.Faq(1), new PassageAttributes("en", true), [1f, 2f]));
        Assert.Throws<ArgumentException>(() => index.Upsert(PassageKey.Faq(1), new PassageAttributes("en", true), [0f, 0f, 0f, 0f]));
        Assert.Throws<ArgumentException>(() => index.Search([1f, 0f], 5, "en"));
        Assert.Empty(index.Search([0f, 0f, 0f, 0f], 5, "en"));
    }

    [Fact]
    public void ReusesTheSlotOfARemovedVectorAndNeverReturnsTheRemovedOne()
    {
        using var index = new VectorIndex("test", 2);
        index.Upsert(PassageKey.Faq(1), new PassageAttributes("en", true), [1f, 0f]);
        index.Upsert(PassageKey.Faq(2), new PassageAttributes("en", true), [0f, 1f]);

        Assert.True(index.Remove(PassageKey.Faq(1)));
        index.Upsert(PassageKey.Faq(3), new PassageAttributes("en", true), [0.9f, 0.1f]);

        Assert.Equal([3, 2], index.Search([1f, 0f], 5, "en").Select(h => h.Key.Id));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public async Task AnswersConsistentlyWhileVectorsAreAddedAndRemovedConcurrently()
    {
        const int dimension = 64;
        using var index = new VectorIndex("test", dimension);
        var random = new Random(1);
        var stable = RandomUnit(random, dimension);
        index.Upsert(PassageKey.Faq(0), new PassageAttributes("en", true), stable);
        var noise = Enumerable.Range(0, 2000).Select(_ => RandomUnit(random, dimension)).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var failures = 0;

        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var id = 1 + (w * 1_000_000) + (i % 1500);
                if (i % 3 == 2)
                {
                    index.Remove(PassageKey.Chunk(id));
                }
                else
                {
                    index.Upsert(PassageKey.Chunk(id), new PassageAttributes("en", true), noise[i % noise.Count]);
                }

                i++;
            }
        })).ToList();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // The stable vector is its own best match whatever else comes and goes.
                var best = index.Search(stable, 3, "en")[0];
                if (best.Key != PassageKey.Faq(0) || Math.Abs(best.RawScore - 1) > 1e-4)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        await Task.WhenAll([.. writers, .. readers]);

        Assert.Equal(0, failures);
        Assert.True(index.Contains(PassageKey.Faq(0)));
    }
}
