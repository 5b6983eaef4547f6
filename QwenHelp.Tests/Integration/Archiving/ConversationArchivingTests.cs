using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Archiving;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Tests.Support;
using static QwenHelp.Tests.Integration.Archiving.ArchiveTestKit;

namespace QwenHelp.Tests.Integration.Archiving;

/// <summary>Log archiving over a real SQLite file and real archive files; each test has its own app and data folder.</summary>
public sealed class ConversationArchivingTests : IDisposable
{
    private readonly ArchiveFactory _app = new();

    private ConversationArchiver Archiver => _app.GetService<ConversationArchiver>();

    private ArchiveRestorer Restorer => _app.GetService<ArchiveRestorer>();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ArchivedConversationsKeepCountingOnTheDashboardAndARecomputeDoesNotEraseThem()
    {
        await SeedOldAsync(_app);
        var analytics = _app.GetService<QwenHelp.Infrastructure.Analytics.AnalyticsService>();
        var day = new DateOnly(2025, 3, 1);
        var before = (await analytics.GetDaysAsync(day, day.AddDays(1))).Select(d => (d.Conversations, d.Messages, d.RatingsUp)).ToList();
        Assert.Equal([(3, 18, 3), (3, 18, 3)], before);

        await Archiver.ArchiveAsync(null, CancellationToken.None);
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        var recomputed = await analytics.RecomputeDaysAsync(day, day.AddDays(1));

        Assert.Equal(0, recomputed);
        Assert.Equal(before, (await analytics.GetDaysAsync(day, day.AddDays(1))).Select(d => (d.Conversations, d.Messages, d.RatingsUp)).ToList());
    }

    [Fact]
    public async Task OldConversationsGoIntoOneVerifiedFilePerDayAndRecentOrWaitingOnesStayLive()
    {
        var old = await SeedOldAsync(_app);
        var recent = ConversationSeed.StartedAt(DateTimeOffset.UtcNow.AddHours(-1).ToString("O")).Turn("Hello", AnswerMode.Direct, 30).Closed();
        await recent.SaveAsync(_app);
        var waiting = ConversationSeed.StartedAt("2025-03-01T12:00:00Z").Turn("I want a person", AnswerMode.Handoff, 30, handoff: "customer_request");
        await waiting.SaveAsync(_app);
        var rowsBefore = await CountAsync(_app, "SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM feedback) + (SELECT COUNT(*) FROM turn_metrics) + (SELECT COUNT(*) FROM tool_calls)");

        var result = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(6, result.Conversations);
        Assert.Equal(["conversations-2025-03-01.jsonl.gz", "conversations-2025-03-02.jsonl.gz"], result.Files.Order());
        var files = await _app.GetService<ArchiveCatalog>().ListAsync();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var path = Path.Combine(_app.ArchiveFolder, file.FileName);
            Assert.Equal(ArchiveFileStatus.Archived, file.Status);
            Assert.NotNull(file.VerifiedAt);
            Assert.Equal(3, file.Conversations);
            Assert.Equal(Sha256Of(path), file.Sha256);
            Assert.Equal(new FileInfo(path).Length, file.SizeBytes);
            Assert.Equal(3, IdsIn(path).Count);
            // Per conversation: 6 messages, 3 metrics, 1 tool call, 2 ratings, the conversation itself.
            Assert.Equal(3 * 6, file.RowCounts["messages"]);
            Assert.Equal(3 * 2, file.RowCounts["feedback"]);
            Assert.Equal(3 * 3, file.RowCounts["turn_metrics"]);
            Assert.Equal(3, file.RowCounts["tool_calls"]);
            Assert.Equal(3, file.RowCounts["conversations"]);
        }

        Assert.Equal(1, files.Single(f => f.Day == "2025-03-01").RowCounts["tickets"]);
        Assert.Equal(1, files.Single(f => f.Day == "2025-03-01").RowCounts["agent_assignments"]);
        Assert.Equal(2, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        Assert.Equal(1, await CountAsync(_app, $"SELECT COUNT(*) FROM conversations WHERE id = '{Key(recent.Id)}'"));
        Assert.Equal(1, await CountAsync(_app, $"SELECT COUNT(*) FROM conversations WHERE id = '{Key(waiting.Id)}'"));
        Assert.Equal(0, await CountAsync(_app, $"SELECT COUNT(*) FROM messages WHERE conversation_id IN ('{string.Join("','", old.Select(Key))}')"));
        // The ticket is the shop's work item: it stays, without its conversation until a restore.
        Assert.Equal(1, await CountAsync(_app, "SELECT COUNT(*) FROM tickets WHERE conversation_id IS NULL"));
        var rowsAfter = await CountAsync(_app, "SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM feedback) + (SELECT COUNT(*) FROM turn_metrics) + (SELECT COUNT(*) FROM tool_calls)");
        Assert.Equal(rowsBefore - (6 * 6) - (6 * 2) - (6 * 3) - 6, rowsAfter);
    }

    [Fact]
    public async Task ARestoreBringsEveryRowBackIdenticalAndRestoringTwiceAddsNothing()
    {
        var old = await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        Assert.NotEqual(before, await SnapshotAsync(_app));

        var files = await _app.GetService<ArchiveCatalog>().ListAsync();
        foreach (var file in files)
        {
            var restored = await Restorer.RestoreAsync(file.Id, "admin", null, CancellationToken.None);
            Assert.Equal(3, restored.Restored);
        }

        Assert.Equal(before, await SnapshotAsync(_app));

        var again = await Restorer.RestoreAsync(files[0].Id, "admin", null, CancellationToken.None);
        Assert.Equal(0, again.Restored);
        Assert.Equal(3, again.AlreadyLive);
        Assert.Equal(before, await SnapshotAsync(_app));

        // Restored conversations are kept for a retention period from the restore, not archived by the next run.
        var next = await Archiver.ArchiveAsync(null, CancellationToken.None);
        Assert.Equal(0, next.Conversations);
        Assert.Equal(before, await SnapshotAsync(_app));
        Assert.Equal(old.Count, await CountAsync(_app, "SELECT COUNT(*) FROM restored_conversations"));

        var audit = await _app.GetService<AuditTrail>().RecentAsync(actionPrefix: "archive.restore");
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal("admin", e.Actor));
    }

    [Fact]
    public async Task ASecondRunChangesNothing()
    {
        await SeedOldAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var database = await SnapshotAsync(_app);
        var manifest = await _app.GetService<ArchiveCatalog>().ListAsync();
        var disk = Directory.GetFiles(_app.ArchiveFolder).Order().Select(f => (f, Sha256Of(f), File.GetLastWriteTimeUtc(f))).ToList();

        var second = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(0, second.Conversations);
        Assert.Empty(second.Files);
        Assert.Equal(database, await SnapshotAsync(_app));
        Assert.Equal(manifest, await _app.GetService<ArchiveCatalog>().ListAsync(), new ManifestComparer());
        Assert.Equal(disk, Directory.GetFiles(_app.ArchiveFolder).Order().Select(f => (f, Sha256Of(f), File.GetLastWriteTimeUtc(f))).ToList());
    }

    [Theory]
    [InlineData(ArchiveStage.FileWritten)]
    [InlineData(ArchiveStage.Recorded)]
    [InlineData(ArchiveStage.Verified)]
    public async Task ACrashBetweenWritingAndDeletingLosesNothingAndTheNextRunWritesNothingTwice(ArchiveStage crashAt)
    {
        var old = await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);

        _app.Observer.CrashAt = crashAt;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Archiver.ArchiveAsync(null, CancellationToken.None));
        Assert.Equal(before, await SnapshotAsync(_app));

        var rerun = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(old.Count, rerun.Conversations + rerun.Recovered);
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        var files = Directory.GetFiles(_app.ArchiveFolder);
        Assert.Equal(["conversations-2025-03-01.jsonl.gz", "conversations-2025-03-02.jsonl.gz"], files.Select(Path.GetFileName).Order());
        var archived = files.SelectMany(IdsIn).ToList();
        Assert.Equal(old.Select(Key).Order(), archived.Order());
        var manifest = await _app.GetService<ArchiveCatalog>().ListAsync();
        Assert.All(manifest, f => Assert.Equal(ArchiveFileStatus.Archived, f.Status));
        Assert.Equal(2, manifest.Count);

        foreach (var file in manifest)
        {
            await Restorer.RestoreAsync(file.Id, "admin", null, CancellationToken.None);
        }

        Assert.Equal(before, await SnapshotAsync(_app));
    }

    [Fact]
    public async Task AConversationWithActivityAfterItWasWrittenStaysLiveAndItsDayIsArchivedLater()
    {
        var old = await SeedOldAsync(_app);
        var late = Key(old[0]);
        _app.Observer.OnVerified = async fileName =>
        {
            if (fileName.Contains("2025-03-01", StringComparison.Ordinal))
            {
                _app.Observer.OnVerified = null;
                await using var connection = Open(_app);
                await ExecuteAsync(connection, "INSERT INTO messages (conversation_id, role, text, citations, created_at) VALUES ($c, 0, 'One more thing', '[]', $t)",
                    ("$c", late), ("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }
        };

        var first = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(3, first.Conversations);
        Assert.Equal(3, first.Skipped);
        Assert.Equal(3, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        Assert.False(File.Exists(Path.Combine(_app.ArchiveFolder, "conversations-2025-03-01.jsonl.gz")));

        var second = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(2, second.Conversations);
        Assert.Equal(1, await CountAsync(_app, $"SELECT COUNT(*) FROM conversations WHERE id = '{late}'"));
        Assert.Equal(2, IdsIn(Path.Combine(_app.ArchiveFolder, "conversations-2025-03-01.jsonl.gz")).Count);
    }

    [Fact]
    public async Task ARestoredConversationIsKeptForARetentionPeriodThenArchivedAgainIntoAPartFileAndTheOlderCopyIsNotRestoredOverIt()
    {
        var old = await SeedOldAsync(_app, perDay: 1);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var first = (await _app.GetService<ArchiveCatalog>().ListAsync()).Single(f => f.Day == "2025-03-01");
        await Restorer.RestoreAsync(first.Id, "admin", null, CancellationToken.None);
        var restoredId = Key(old[0]);

        // The customer's thread gets a late (but still old) message while restored, then the keep period ends.
        await using (var connection = Open(_app))
        {
            await ExecuteAsync(connection, "INSERT INTO messages (conversation_id, role, text, citations, created_at) VALUES ($c, 2, 'Agent note after restore', '[]', 1740900000000)", ("$c", restoredId));
            await ExecuteAsync(connection, "UPDATE restored_conversations SET keep_until = 0");
        }

        var again = await Archiver.ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(1, again.Conversations);
        Assert.Equal(["conversations-2025-03-02.part2.jsonl.gz"], again.Files);
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM restored_conversations"));

        var older = await Restorer.RestoreAsync(first.Id, "admin", null, CancellationToken.None);
        Assert.Equal(0, older.Restored);
        Assert.Equal(1, older.Superseded);
        Assert.Equal(0, await CountAsync(_app, $"SELECT COUNT(*) FROM conversations WHERE id = '{restoredId}'"));

        var newer = (await _app.GetService<ArchiveCatalog>().ListAsync()).Single(f => f.Part == 2);
        Assert.Equal(1, (await Restorer.RestoreAsync(newer.Id, "admin", null, CancellationToken.None)).Restored);
        Assert.Equal(1, await CountAsync(_app, $"SELECT COUNT(*) FROM messages WHERE conversation_id = '{restoredId}' AND text = 'Agent note after restore'"));
    }

    [Fact]
    public async Task TheScheduledJobAndTheArchiveNowButtonArchiveWithProgress()
    {
        await SeedOldAsync(_app, perDay: 2);
        var job = _app.GetService<IEnumerable<Infrastructure.Jobs.IBackgroundJob>>().Single(j => j.Key == ArchiveConversationsJob.JobKey);
        var reports = new List<Infrastructure.Jobs.JobProgress>();

        var outcome = await job.RunAsync(new Infrastructure.Jobs.JobRunContext(new SyncProgress(reports.Add)), CancellationToken.None);

        // 13 rows each (the conversation, 6 messages, 3 metrics, a tool call, 2 ratings), plus a ticket and an assignment.
        Assert.Equal("Archived 4 conversations (54 rows) in 2 day files", outcome.Summary);
        Assert.Contains(reports, r => r.Done == 4 && r.Total == 4);

        await SeedOldAsync(_app, perDay: 1);
        var operations = _app.GetService<ArchiveOperations>();
        var finished = new TaskCompletionSource<ArchiveOperationProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        operations.Changed += p =>
        {
            if (p.State is ArchiveOperationState.Completed or ArchiveOperationState.Failed)
            {
                finished.TrySetResult(p);
            }
        };

        Assert.True(operations.StartArchive("admin"));
        var done = await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ArchiveOperationState.Completed, done.State);
        Assert.Equal(2, done.Conversations);
        Assert.Equal(["conversations-2025-03-01.part2.jsonl.gz", "conversations-2025-03-02.part2.jsonl.gz"], Directory.GetFiles(_app.ArchiveFolder, "*.part2.*").Select(Path.GetFileName).Order());
    }

    private sealed class SyncProgress(Action<Infrastructure.Jobs.JobProgress> report) : IProgress<Infrastructure.Jobs.JobProgress>
    {
        public void Report(Infrastructure.Jobs.JobProgress value) => report(value);
    }

    [Fact]
    public async Task ABacklogLargerThanOnePassIsArchivedInPassesStillOneFilePerDay()
    {
        using var app = new ArchiveFactory(maxConversationsPerPass: 4);
        var old = await SeedOldAsync(app);

        var result = await app.GetService<ConversationArchiver>().ArchiveAsync(null, CancellationToken.None);

        Assert.Equal(old.Count, result.Conversations);
        Assert.Equal(["conversations-2025-03-01.jsonl.gz", "conversations-2025-03-02.jsonl.gz"], Directory.GetFiles(app.ArchiveFolder).Select(Path.GetFileName).Order());
        Assert.Equal(0, await CountAsync(app, "SELECT COUNT(*) FROM conversations"));
    }

    [Fact]
    public async Task AnUnwritableArchiveFolderFailsTheRunWithAClearErrorAndDeletesNothing()
    {
        await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);
        Directory.CreateDirectory(_app.ArchiveFolder);
        // Where the first day's temp file would go there is a directory: the write fails like a full disk would.
        Directory.CreateDirectory(Path.Combine(_app.ArchiveFolder, "conversations-2025-03-01.jsonl.gz.tmp"));

        var error = await Assert.ThrowsAsync<ArchiveException>(() => Archiver.ArchiveAsync(null, CancellationToken.None));

        Assert.Contains("conversations-2025-03-01.jsonl.gz", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was deleted", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(_app));
        Assert.Empty(await _app.GetService<ArchiveCatalog>().ListAsync());
    }

    [Fact]
    public async Task ADamagedArchiveIsNotRestored()
    {
        await SeedOldAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var file = (await _app.GetService<ArchiveCatalog>().ListAsync())[0];
        var path = Path.Combine(_app.ArchiveFolder, file.FileName);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Restorer.RestoreAsync(file.Id, "admin", null, CancellationToken.None));

        Assert.True(error is ArchiveException or InvalidDataException, error.ToString());
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
    }

    [Fact]
    public async Task RetentionIsValidatedAuditedAndDecidesWhatIsArchived()
    {
        await SeedOldAsync(_app);
        var settings = _app.GetService<RetentionSettingsService>();
        Assert.Equal(30, await settings.GetDaysAsync());

        Assert.NotNull(await settings.SaveAsync(0, "admin"));
        Assert.NotNull(await settings.SaveAsync(3651, "admin"));
        Assert.Equal(30, await settings.GetDaysAsync());
        Assert.Null(await settings.SaveAsync(3650, "admin"));
        Assert.Equal(3650, await settings.GetDaysAsync());

        var kept = await Archiver.ArchiveAsync(null, CancellationToken.None);
        Assert.Equal(0, kept.Conversations);
        Assert.Equal(6, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));

        var audit = await _app.GetService<AuditTrail>().RecentAsync(actionPrefix: "archive.retention");
        var entry = Assert.Single(audit);
        Assert.Equal("admin", entry.Actor);
        Assert.Contains("30 -> 3650", entry.Details, StringComparison.Ordinal);
    }

    private sealed class ManifestComparer : IEqualityComparer<ArchiveFile>
    {
        public bool Equals(ArchiveFile? x, ArchiveFile? y) => x is not null && y is not null
            && x with { RowCounts = y.RowCounts } == y && x.RowCounts.OrderBy(p => p.Key).SequenceEqual(y.RowCounts.OrderBy(p => p.Key));

        public int GetHashCode(ArchiveFile obj) => obj.Id.GetHashCode();
    }
}
