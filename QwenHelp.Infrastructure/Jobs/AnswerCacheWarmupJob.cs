using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Knowledge;

namespace QwenHelp.Infrastructure.Jobs;

/// <summary>
/// After a knowledge-base change every cached answer is void (the cache keys on the knowledge-base
/// version). This job answers the most frequent recent customer questions in advance, through the
/// real engine in a dry run that stores nothing but the cache entry, so the next customer to ask
/// gets the new answer from the cache. It runs on its schedule and, through
/// <see cref="KnowledgeChangeWarmup"/>, shortly after each knowledge change.
/// </summary>
public sealed class AnswerCacheWarmupJob(AnalyticsService analytics, ConversationEngine engine, AnswerCache cache, KnowledgeBaseVersion version, JobCheckpoints checkpoints,
    IOptions<AnalyticsOptions> analyticsOptions, IOptions<JobsOptions> options, TimeProvider clock) : IBackgroundJob
{
    public const string JobKey = "answer-cache-warmup";
    public const string Channel = "warmup";
    private const string WarmedVersion = "warmed_version";

    public string Key => JobKey;

    private long _warmedHere = -1;

    public string DefaultCron => "0 0 * * * ?";

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var knowledge = await version.GetAsync(cancellationToken);
        if (Interlocked.Read(ref _warmedHere) == knowledge)
        {
            // This process already warmed the cache for this knowledge (the cache is in memory: a restart empties it).
            return new JobOutcome(string.Create(CultureInfo.InvariantCulture, $"Nothing to do: the cache is already warm for knowledge version {knowledge}"));
        }

        var settings = options.Value;
        var today = CalendarDays.Today(clock, analyticsOptions.Value.FindTimeZone());
        var report = await analytics.GetReportAsync(today.AddDays(1 - settings.WarmUpLookbackDays), today, cancellationToken);
        var questions = report.TopQuestions.Take(settings.WarmUpQuestions).ToList();
        var warmed = 0;
        context.Report(0, questions.Count, "answering");
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var result = await engine.AnswerAsync(new TurnRequest(null, question.Question, Channel, Channel, question.Language, DryRun: true, WarmCache: true), cancellationToken);
            if (result.Outcome is { } outcome && cache.Contains(question.Question, outcome.Language, knowledge))
            {
                warmed++;
            }

            context.Report(i + 1, questions.Count, "answering");
        }

        await checkpoints.SetAsync(JobKey, WarmedVersion, knowledge.ToString(CultureInfo.InvariantCulture), cancellationToken);
        Interlocked.Exchange(ref _warmedHere, knowledge);
        return new JobOutcome(questions.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"No customer questions in the last {settings.WarmUpLookbackDays} days")
            : string.Create(CultureInfo.InvariantCulture,
                $"Cached answers to {warmed} of the {questions.Count} most frequent questions for knowledge version {knowledge} (the others need the conversation or are not cacheable)"));
    }

    /// <summary>The knowledge-base version the last run warmed the cache for, or null.</summary>
    public async Task<long?> WarmedVersionAsync(CancellationToken cancellationToken) =>
        long.TryParse(await checkpoints.GetAsync(JobKey, WarmedVersion, cancellationToken), CultureInfo.InvariantCulture, out var v) ? v : null;
}

/// <summary>
/// Starts the answer-cache warm-up once the knowledge base has changed and then stayed unchanged for
/// <see cref="JobsOptions.WarmUpAfterChangeSeconds"/> (an import of many entries triggers one run, not hundreds).
/// </summary>
public sealed partial class KnowledgeChangeWarmup(KnowledgeBaseVersion version, JobScheduler scheduler, IOptions<JobsOptions> options,
    ILogger<KnowledgeChangeWarmup> logger) : BackgroundService
{
    private long _changes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.WarmUpAfterChangeSeconds);
        if (!options.Value.Enabled || period <= TimeSpan.Zero)
        {
            return;
        }

        version.Bumped += OnBumped;
        try
        {
            long seen = 0;
            long handled = 0;
            using var timer = new PeriodicTimer(period);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var changes = Interlocked.Read(ref _changes);
                // Changed since the last warm-up, and quiet for one whole period: an import of 500 entries warms once.
                if (changes != handled && changes == seen && scheduler.IsStarted)
                {
                    var started = await scheduler.RunNowAsync(AnswerCacheWarmupJob.JobKey, Auditing.AuditTrail.SystemActor, stoppingToken);
                    if (started.Status != RunNowStatus.AlreadyRunning)
                    {
                        handled = changes;
                    }

                    LogTriggered(changes, started.Status);
                }

                seen = changes;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            version.Bumped -= OnBumped;
        }
    }

    private void OnBumped() => Interlocked.Increment(ref _changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "The knowledge base changed ({Changes} changes since start): answer-cache warm-up {Status}")]
    private partial void LogTriggered(long changes, RunNowStatus status);
}
