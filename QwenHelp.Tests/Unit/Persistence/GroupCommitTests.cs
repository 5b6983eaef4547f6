using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Tests.Unit.Persistence;

public class GroupCommitTests
{
    [Fact]
    public async Task ItemsWaitingTogetherAreStoredInFewerTransactionsAndEachCallerGetsItsOwnResult()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int[]>();
        using var commit = new GroupCommit<int, string>(async items =>
        {
            lock (batches)
            {
                batches.Add([.. items]);
            }

            await release.Task; // the first transaction is slow: the others queue up behind it
            return items.Select(i => "stored " + i).ToList();
        });

        var writes = Enumerable.Range(1, 20).Select(commit.WriteAsync).ToList();
        release.SetResult();
        var results = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => "stored " + i), results);
        Assert.Equal(Enumerable.Range(1, 20), batches.SelectMany(b => b).Order());
        Assert.True(batches.Count < 20, $"{batches.Count} transactions for 20 items");
    }

    [Fact]
    public async Task OneItemThatBreaksItsBatchFailsOnlyItsOwnCaller()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var commit = new GroupCommit<int, int>(async items =>
        {
            await release.Task;
            return items.Contains(13) ? throw new InvalidOperationException("constraint failed") : items.Select(i => i * 2).ToList();
        });

        var writes = Enumerable.Range(1, 20).Select(commit.WriteAsync).ToList();
        release.SetResult();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[12]);
        Assert.All(writes.Where((_, i) => i != 12), w => Assert.Equal(TaskStatus.RanToCompletion, w.Status));
        Assert.Equal(Enumerable.Range(1, 20).Where(i => i != 13).Select(i => i * 2), writes.Where((_, i) => i != 12).Select(w => w.Result));
    }

    [Fact]
    public async Task AnExclusiveWriterWaitsForTheBatchInProgressAndHoldsTheNextOnesBack()
    {
        var log = new List<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var commit = new GroupCommit<int, int>(async items =>
        {
            lock (log)
            {
                log.Add("batch " + string.Join(",", items));
            }

            await release.Task;
            return [.. items];
        });

        var first = commit.WriteAsync(1);
        var exclusive = commit.ExclusiveAsync(CancellationToken.None);
        Assert.False(exclusive.IsCompleted);
        release.SetResult();
        Task<int> second;
        using (await exclusive)
        {
            second = commit.WriteAsync(2);
            await Task.Delay(50);
            Assert.False(second.IsCompleted);
            lock (log)
            {
                log.Add("exclusive");
            }
        }

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        Assert.Equal(["batch 1", "exclusive", "batch 2"], log);
    }
}
