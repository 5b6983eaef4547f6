using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Analytics;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Analytics;

/// <summary>
/// The figures of the analytics dashboard, computed from the stored conversations so that they
/// agree with them. The additive ones come per day from <see cref="ComputeDaysAsync"/> (the one
/// function a daily roll-up job stores and the dashboard would then read); the ones that do not
/// add up across days (percentiles, top questions, knowledge gaps) come from the raw rows of the range.
/// Days that are over are read from the stored roll-ups when there are some (the roll-up job
/// stores them, docs/decisions/0062); missing days and today are computed.
/// </summary>
public sealed class AnalyticsService(IDbContextFactory<QwenHelpDbContext> dbFactory, IOptions<AnalyticsOptions> options,
    AnalyticsRollups? rollups = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <exception cref="ArgumentException">The range is reversed or longer than the configured maximum.</exception>
    public async Task<AnalyticsReport> GetReportAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var windows = DayWindows(from, to);
        var days = await GetDaysAsync(from, to, cancellationToken);
        var start = windows[0].Start;
        var end = windows[^1].End;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        var latency = await LatencyAsync(connection, "latency_ms", start, end, cancellationToken);
        var firstToken = await LatencyAsync(connection, "ttft_ms", start, end, cancellationToken);
        var asked = await AskedQuestionsAsync(connection, start, end, cancellationToken);

        var settings = options.Value;
        var groups = asked.GroupBy(q => (q.Language, Key: QuestionNormalizer.Normalize(q.Text)))
            .Where(g => g.Key.Key.Length > 0)
            .Select(g => g.OrderBy(q => q.At).ThenBy(q => q.MessageId).ToList())
            .ToList();
        var top = groups
            .Select(g => new QuestionCount(g[^1].Text, g[^1].Language, g.Count,
                g.Count(q => !KnowledgeGapRule.IsGap(q.Mode, q.TopConfidence, settings.LowConfidence)), g[^1].At))
            .OrderByDescending(q => q.Count).ThenByDescending(q => q.LastAsked).ThenBy(q => q.Question, StringComparer.Ordinal)
            .Take(settings.TopQuestions)
            .ToList();
        // A question that an FAQ entry now answers (made from the gap, or from a correction) is no longer a gap,
        // even though the old answers that missed it are still in the range.
        var answered = (await db.FaqEntries.AsNoTracking().Where(f => f.Enabled)
                .Select(f => new { f.Language, f.Question, f.AlternateQuestions }).ToListAsync(cancellationToken))
            .SelectMany(f => f.AlternateQuestions.Prepend(f.Question).Select(q => (f.Language, Key: QuestionNormalizer.Normalize(q))))
            .ToHashSet();
        var gaps = groups
            .Where(g => !answered.Contains((g[0].Language, QuestionNormalizer.Normalize(g[0].Text))))
            .Select(g => g.Where(q => KnowledgeGapRule.IsGap(q.Mode, q.TopConfidence, settings.LowConfidence)).ToList())
            .Where(g => g.Count > 0)
            .Select(g => new KnowledgeGap(g[^1].Text, g[^1].Language, g.Count, g[^1].Mode, g.Max(q => q.TopConfidence), g[^1].At, g[^1].ConversationId, g[^1].MessageId))
            .OrderByDescending(q => q.Count).ThenByDescending(q => q.LastAsked).ThenBy(q => q.Question, StringComparer.Ordinal)
            .Take(settings.TopQuestions)
            .ToList();

        return new AnalyticsReport(from, to, settings.TimeZone, days, DailyAggregate.Sum(days), latency, firstToken, top, gaps);
    }

    /// <summary>
    /// The additive figures of each day of the range: stored roll-ups for the days that are over and
    /// have one, computed from the raw rows for the rest (missing days, today, days to come).
    /// </summary>
    public async Task<IReadOnlyList<DailyAggregate>> GetDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        DayWindows(from, to); // checks the range
        var today = CalendarDays.Today(_clock, options.Value.FindTimeZone());
        var stored = rollups is null || from >= today
            ? []
            : await rollups.ReadAsync(from, to < today ? to : today.AddDays(-1), options.Value.TimeZone, cancellationToken);
        var missing = new List<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (!stored.ContainsKey(day))
            {
                missing.Add(day);
            }
        }

        if (missing.Count == 0)
        {
            return [.. stored.Values.OrderBy(d => d.Day)];
        }

        var computed = (await ComputeDaysAsync(missing[0], missing[^1], cancellationToken)).ToDictionary(d => d.Day);
        var days = new List<DailyAggregate>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            days.Add(stored.TryGetValue(day, out var rolled) ? rolled : computed[day]);
        }

        return days;
    }

    /// <summary>
    /// Computes the days of the range from the raw rows again and stores them as roll-ups (days not
    /// over yet are computed but not stored: they are still changing). Days up to two after the last
    /// archived day are left as stored: their archived conversations are no longer in the raw rows.
    /// </summary>
    /// <returns>How many days were stored.</returns>
    public async Task<int> RecomputeDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        // Days whose conversations were archived would be counted without them: their stored figures stay.
        if (await LastArchivedDayAsync(cancellationToken) is { } archived && from <= archived.AddDays(ArchiveDayMargin))
        {
            from = archived.AddDays(ArchiveDayMargin + 1);
        }

        return await StoreDaysAsync(from, to, cancellationToken);
    }

    /// <summary>
    /// Stores every finished day up to the one holding <paramref name="before"/> that has no roll-up yet,
    /// from the raw rows as they are now: log archiving calls this before it deletes conversations, so
    /// the dashboard keeps their figures (docs/decisions/0062).
    /// </summary>
    /// <returns>How many days were stored.</returns>
    public async Task<int> StoreMissingDaysBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        if (rollups is null)
        {
            return 0;
        }

        var zone = options.Value.FindTimeZone();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var first = await db.Database.SqlQuery<long?>($"SELECT MIN(created_at) AS \"Value\" FROM conversations").SingleAsync(cancellationToken);
        if (first is null)
        {
            return 0;
        }

        var from = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(first.Value), zone).DateTime);
        var to = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(before, zone).DateTime);
        var stored = 0;
        // In stretches the range limit allows; only the days without a roll-up.
        for (var start = from; start <= to; start = start.AddDays(options.Value.MaxDays))
        {
            var end = start.AddDays(options.Value.MaxDays - 1);
            if (end > to)
            {
                end = to;
            }

            var existing = await rollups.ReadAsync(start, end, options.Value.TimeZone, cancellationToken);
            // Each run of consecutive days without a roll-up is computed in one pass over its rows.
            DateOnly? gapStart = null;
            for (var day = start; day <= end.AddDays(1); day = day.AddDays(1))
            {
                var missing = day <= end && !existing.ContainsKey(day);
                if (missing && gapStart is null)
                {
                    gapStart = day;
                }
                else if (!missing && gapStart is { } gapFirst)
                {
                    stored += await StoreDaysAsync(gapFirst, day.AddDays(-1), cancellationToken);
                    gapStart = null;
                }
            }
        }

        return stored;
    }

    /// <summary>Archive days are UTC days of last activity; two days of margin cover any time zone's day boundary.</summary>
    private const int ArchiveDayMargin = 2;

    /// <summary>The latest UTC day whose conversations were archived (deleted from the live tables), if any.</summary>
    private async Task<DateOnly?> LastArchivedDayAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var day = await db.Database.SqlQuery<string?>($"SELECT MAX(day) AS \"Value\" FROM archive_files WHERE status = 2").SingleAsync(cancellationToken);
        return day is null ? null : DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private async Task<int> StoreDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (rollups is null)
        {
            throw new InvalidOperationException("Roll-ups are not available.");
        }

        var today = CalendarDays.Today(_clock, options.Value.FindTimeZone());
        if (to >= today)
        {
            to = today.AddDays(-1);
        }

        if (to < from)
        {
            return 0;
        }

        var days = await ComputeDaysAsync(from, to, cancellationToken);
        await rollups.WriteAsync(days, options.Value.TimeZone, cancellationToken);
        return days.Count;
    }

    /// <summary>
    /// The additive figures of each day from <paramref name="from"/> to <paramref name="to"/>
    /// (inclusive, days of the configured time zone), from the raw rows. Days without activity are
    /// included with zeros.
    /// </summary>
    public async Task<IReadOnlyList<DailyAggregate>> ComputeDaysAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var windows = DayWindows(from, to);
        var days = windows.Select(w => new DayBuilder(w.Day)).ToArray();
        var daysSql = DaysCte(windows);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);

        // Conversations by the day they started, with what became of them.
        await ReadAsync(connection, daysSql + """
            SELECT days.d, COUNT(*),
                   SUM(c.handoff_at IS NOT NULL),
                   SUM(c.state = 3 AND c.handoff_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM messages a WHERE a.conversation_id = c.id AND a.role = 2)),
                   SUM(c.state = 3)
            FROM days JOIN conversations c ON c.created_at >= days.s AND c.created_at < days.e
            GROUP BY days.d
            """, r =>
        {
            var day = days[r.GetInt32(0)];
            day.Conversations = r.GetInt32(1);
            day.HandedOff = r.GetInt32(2);
            day.ResolvedAutomatically = r.GetInt32(3);
            day.Closed = r.GetInt32(4);
        }, cancellationToken);

        await ReadAsync(connection, daysSql + """
            SELECT days.d, COUNT(*), SUM(m.role = 0), SUM(m.role = 2)
            FROM days JOIN messages m ON m.created_at >= days.s AND m.created_at < days.e
            GROUP BY days.d
            """, r =>
        {
            var day = days[r.GetInt32(0)];
            day.Messages = r.GetInt32(1);
            day.CustomerMessages = r.GetInt32(2);
            day.AgentMessages = r.GetInt32(3);
            if (day.AgentMessages > 0)
            {
                day.Modes[AnswerMode.Agent] = day.Modes.GetValueOrDefault(AnswerMode.Agent) + day.AgentMessages;
            }
        }, cancellationToken);

        await ReadAsync(connection, daysSql + """
            SELECT days.d, t.answer_mode, COUNT(*), SUM(t.cache_lookup), SUM(t.cache_hit)
            FROM days JOIN turn_metrics t ON t.created_at >= days.s AND t.created_at < days.e
            GROUP BY days.d, t.answer_mode
            """, r =>
        {
            var day = days[r.GetInt32(0)];
            var mode = (AnswerMode)r.GetInt32(1);
            var count = r.GetInt32(2);
            day.Replies += count;
            day.Modes[mode] = day.Modes.GetValueOrDefault(mode) + count;
            day.CacheLookups += r.GetInt32(3);
            day.CacheHits += r.GetInt32(4);
        }, cancellationToken);

        await ReadAsync(connection, daysSql + """
            SELECT days.d, t.handoff_reason, COUNT(*)
            FROM days JOIN turn_metrics t ON t.created_at >= days.s AND t.created_at < days.e
            WHERE t.handoff_reason IS NOT NULL
            GROUP BY days.d, t.handoff_reason
            """, r => days[r.GetInt32(0)].HandoffReasons[r.GetString(1)] = r.GetInt32(2), cancellationToken);

        await ReadAsync(connection, daysSql + """
            SELECT days.d, SUM(f.rating > 0), SUM(f.rating < 0)
            FROM days JOIN feedback f ON f.created_at >= days.s AND f.created_at < days.e
            GROUP BY days.d
            """, r =>
        {
            var day = days[r.GetInt32(0)];
            day.RatingsUp = r.GetInt32(1);
            day.RatingsDown = r.GetInt32(2);
        }, cancellationToken);

        await ReadAsync(connection, daysSql + """
            SELECT days.d, COUNT(*), SUM(tc.succeeded)
            FROM days JOIN tool_calls tc ON tc.created_at >= days.s AND tc.created_at < days.e
            GROUP BY days.d
            """, r =>
        {
            var day = days[r.GetInt32(0)];
            day.ToolCalls = r.GetInt32(1);
            day.ToolCallsSucceeded = r.GetInt32(2);
        }, cancellationToken);

        return days.Select(d => d.Build()).ToList();
    }

    /// <summary>The UTC bounds of each day of the range in the configured time zone (23 or 25 hours long on a daylight-saving change).</summary>
    public IReadOnlyList<DayWindow> DayWindows(DateOnly from, DateOnly to)
    {
        var settings = options.Value;
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        }

        if (to.DayNumber - from.DayNumber + 1 > settings.MaxDays)
        {
            throw new ArgumentException($"The range is longer than {settings.MaxDays} days.", nameof(to));
        }

        var zone = settings.FindTimeZone();
        var windows = new List<DayWindow>(to.DayNumber - from.DayNumber + 1);
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            windows.Add(new DayWindow(day, CalendarDays.StartUtcMs(day, zone), CalendarDays.StartUtcMs(day.AddDays(1), zone)));
        }

        return windows;
    }

    /// <summary>The days as a constant table (index, start, end): every per-day query joins it, so one query covers the range.</summary>
    private static string DaysCte(IReadOnlyList<DayWindow> windows)
    {
        var sql = new StringBuilder("WITH days(d, s, e) AS (VALUES ");
        for (var i = 0; i < windows.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? ", " : "")}({i}, {windows[i].Start}, {windows[i].End})");
        }

        return sql.Append(")\n").ToString();
    }

    private static async Task<LatencySummary> LatencyAsync(DbConnection connection, string column, long start, long end, CancellationToken cancellationToken)
    {
        var values = new List<int>();
        await ReadAsync(connection, $"""
            SELECT {column} FROM turn_metrics
            WHERE created_at >= {start} AND created_at < {end} AND {column} IS NOT NULL
            ORDER BY {column}
            """, r => values.Add(r.GetInt32(0)), cancellationToken);
        return values.Count == 0 ? LatencySummary.Empty : new LatencySummary(
            values.Count, Percentiles.NearestRank(values, 50), Percentiles.NearestRank(values, 95), Percentiles.NearestRank(values, 99));
    }

    /// <summary>Each reply of the range with the customer message it answered.</summary>
    private static async Task<List<AskedQuestion>> AskedQuestionsAsync(DbConnection connection, long start, long end, CancellationToken cancellationToken)
    {
        var asked = new List<AskedQuestion>();
        await ReadAsync(connection, $"""
            SELECT q.text, t.language, t.answer_mode, t.top_confidence, t.created_at, t.conversation_id, t.message_id
            FROM turn_metrics t
            JOIN messages q ON q.id = (SELECT MAX(c.id) FROM messages c
                                       WHERE c.conversation_id = t.conversation_id AND c.role = 0 AND c.id < t.message_id)
            WHERE t.created_at >= {start} AND t.created_at < {end}
            """, r => asked.Add(new AskedQuestion(
                r.GetString(0),
                r.GetString(1),
                (AnswerMode)r.GetInt32(2),
                r.IsDBNull(3) ? null : r.GetDouble(3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
                Guid.Parse(r.GetString(5)),
                r.GetInt64(6))), cancellationToken);
        return asked;
    }

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }

    private static async Task<DbConnection> OpenAsync(QwenHelpDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        return connection;
    }

    private sealed record AskedQuestion(string Text, string Language, AnswerMode Mode, double? TopConfidence, DateTimeOffset At, Guid ConversationId, long MessageId);

    private sealed class DayBuilder(DateOnly day)
    {
        public int Conversations { get; set; }

        public int HandedOff { get; set; }

        public int ResolvedAutomatically { get; set; }

        public int Closed { get; set; }

        public int Messages { get; set; }

        public int CustomerMessages { get; set; }

        public int AgentMessages { get; set; }

        public int Replies { get; set; }

        public Dictionary<AnswerMode, int> Modes { get; } = [];

        public Dictionary<string, int> HandoffReasons { get; } = new(StringComparer.Ordinal);

        public int RatingsUp { get; set; }

        public int RatingsDown { get; set; }

        public int CacheLookups { get; set; }

        public int CacheHits { get; set; }

        public int ToolCalls { get; set; }

        public int ToolCallsSucceeded { get; set; }

        public DailyAggregate Build() => new(day)
        {
            Conversations = Conversations,
            HandedOff = HandedOff,
            ResolvedAutomatically = ResolvedAutomatically,
            Closed = Closed,
            Messages = Messages,
            CustomerMessages = CustomerMessages,
            AgentMessages = AgentMessages,
            Replies = Replies,
            Modes = Modes,
            HandoffReasons = HandoffReasons,
            RatingsUp = RatingsUp,
            RatingsDown = RatingsDown,
            CacheLookups = CacheLookups,
            CacheHits = CacheHits,
            ToolCalls = ToolCalls,
            ToolCallsSucceeded = ToolCallsSucceeded,
        };
    }
}

/// <summary>One calendar day as UTC Unix milliseconds, start inclusive, end exclusive.</summary>
public sealed record DayWindow(DateOnly Day, long Start, long End);
