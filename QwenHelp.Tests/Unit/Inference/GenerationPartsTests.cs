using QwenHelp.Infrastructure.Inference.Generation;

namespace QwenHelp.Tests.Unit.Inference;

public class GenerationPartsTests
{
    [Fact]
    public void StopStringSplitAcrossTokensNeverReachesTheReader()
    {
        var filter = new StopStringFilter(["<|user|>", "END"]);

        var shown = filter.Push("Hello <|us") + filter.Push("er|> ignored") + filter.Flush();

        Assert.Equal("Hello ", shown);
        Assert.True(filter.Stopped);
    }

    [Fact]
    public void TextThatOnlyLooksLikeAStopStringIsReleased()
    {
        var filter = new StopStringFilter(["END"]);

        var shown = filter.Push("EN") + filter.Push("D") is var cut && filter.Stopped ? cut : "";
        var other = new StopStringFilter(["END"]);
        var released = other.Push("EN") + other.Push("ough") + other.Flush();

        Assert.Equal("", shown);
        Assert.Equal("ENough", released);
    }

    [Fact]
    public async Task FullQueueRefusesAtOnceAndAFreedSlotAdmitsAgain()
    {
        using var admission = new GenerationAdmission(maxConcurrent: 1, maxQueued: 1);
        var running = await admission.EnterAsync(CancellationToken.None);
        var waiting = admission.EnterAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InferenceBusyException>(() => admission.EnterAsync(CancellationToken.None));
        Assert.False(waiting.IsCompleted);

        running.Dispose();
        using var second = await waiting;
        Assert.Equal(1, admission.InFlight);
    }

    [Fact]
    public async Task CancelledWaiterGivesItsPlaceBack()
    {
        using var admission = new GenerationAdmission(maxConcurrent: 1, maxQueued: 1);
        using var running = await admission.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = admission.EnterAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Assert.Equal(1, admission.InFlight);
    }
}
