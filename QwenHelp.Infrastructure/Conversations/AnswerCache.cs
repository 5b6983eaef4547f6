using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Chat;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.ScaleOut;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Answers already given, keyed by normalized question, language and knowledge-base version: a
/// direct FAQ answer or a context-free model answer is served again without retrieval or a model.
/// Any FAQ or document change moves the version, which empties the cache. Scaled out, a
/// <see cref="HybridCache"/> over Redis is the second level: an answer one instance made is served
/// by the others too. While Redis is unreachable the second level is skipped, never waited for.
/// </summary>
public sealed class AnswerCache : IDisposable
{
    /// <summary>Only the distributed level of the HybridCache: this class's own memory cache is the first, and bounded.</summary>
    private static readonly HybridCacheEntryFlags SecondLevelOnly = HybridCacheEntryFlags.DisableLocalCache;

    private readonly MemoryCache _cache;
    private readonly HybridCache? _secondLevel;
    private readonly RedisConnection? _redis;
    private readonly TimeSpan _lifetime;
    private readonly bool _enabled;
    private long _version = -1;
    private long _lookups;
    private long _hits;

    /// <param name="secondLevel">The HybridCache over Redis; registered only when Redis is configured.</param>
    public AnswerCache(IOptions<ConversationOptions> options, RedisConnection redis, HybridCache? secondLevel = null)
        : this(options)
    {
        _redis = redis;
        _secondLevel = redis.IsConfigured ? secondLevel : null;
    }

    public AnswerCache(IOptions<ConversationOptions> options)
    {
        _enabled = options.Value.AnswerCacheEntries > 0;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.Value.AnswerCacheEntries) });
        _lifetime = TimeSpan.FromMinutes(options.Value.AnswerCacheMinutes);
    }

    public long Lookups => Interlocked.Read(ref _lookups);

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Hits over lookups since start (0 before the first lookup).</summary>
    public double HitRate => Lookups == 0 ? 0 : (double)Hits / Lookups;

    public bool TryGet(string question, string language, long knowledgeVersion, out CachedAnswer? answer)
    {
        answer = null;
        if (!_enabled)
        {
            return false;
        }

        Interlocked.Increment(ref _lookups);
        SyncVersion(knowledgeVersion);
        if (_cache.TryGetValue(Key(question, language, knowledgeVersion), out CachedAnswer? found) && found is not null)
        {
            Interlocked.Increment(ref _hits);
            answer = found;
            return true;
        }

        return false;
    }

    /// <summary>Like <see cref="TryGet"/>, then the second level (shared by the instances); a hit there is kept in memory too.</summary>
    public async ValueTask<CachedAnswer?> TryGetAsync(string question, string language, long knowledgeVersion, CancellationToken cancellationToken)
    {
        if (TryGet(question, language, knowledgeVersion, out var answer) || !SecondLevelUsable)
        {
            return answer;
        }

        var key = Key(question, language, knowledgeVersion);
        try
        {
            answer = await _secondLevel!.GetOrCreateAsync<CachedAnswer?>(
                key, _ => ValueTask.FromResult<CachedAnswer?>(null), new HybridCacheEntryOptions { Flags = SecondLevelOnly | HybridCacheEntryFlags.DisableDistributedCacheWrite }, cancellationToken: cancellationToken);
        }
        catch (StackExchange.Redis.RedisException)
        {
            return null; // Redis went away just now: a miss, and the turn goes on without it.
        }

        if (answer is not null)
        {
            Interlocked.Increment(ref _hits);
            _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _lifetime });
        }

        return answer;
    }

    /// <summary>Like <see cref="Set"/>, and into the second level for the other instances.</summary>
    public async ValueTask SetAsync(string question, string language, long knowledgeVersion, CachedAnswer answer, CancellationToken cancellationToken)
    {
        Set(question, language, knowledgeVersion, answer);
        if (!_enabled || !SecondLevelUsable)
        {
            return;
        }

        try
        {
            await _secondLevel!.SetAsync(Key(question, language, knowledgeVersion), answer, new HybridCacheEntryOptions { Expiration = _lifetime, Flags = SecondLevelOnly }, cancellationToken: cancellationToken);
        }
        catch (StackExchange.Redis.RedisException)
        {
            // Kept in this instance's memory; the others make it themselves.
        }
    }

    private bool SecondLevelUsable => _enabled && _secondLevel is not null && _redis is { IsConnected: true };

    /// <summary>Whether an answer is cached (not counted as a lookup: the warm-up job checks its work with it).</summary>
    public bool Contains(string question, string language, long knowledgeVersion) =>
        _enabled && _cache.TryGetValue(Key(question, language, knowledgeVersion), out CachedAnswer? found) && found is not null;

    public void Set(string question, string language, long knowledgeVersion, CachedAnswer answer)
    {
        if (!_enabled)
        {
            return;
        }

        SyncVersion(knowledgeVersion);
        _cache.Set(Key(question, language, knowledgeVersion), answer, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _lifetime });
    }

    public void Dispose() => _cache.Dispose();

    private static string Key(string question, string language, long version) => $"{language}|{version}|{QuestionNormalizer.Normalize(question)}";

    /// <summary>Entries of an older knowledge-base version can never be hit again: drop them all at once.</summary>
    private void SyncVersion(long version)
    {
        var seen = Interlocked.Exchange(ref _version, version);
        if (seen != version && seen != -1)
        {
            _cache.Compact(1.0);
        }
    }
}

/// <summary>A cached answer: its text, the mode it was first made in, and its citations.</summary>
public sealed record CachedAnswer(string Text, AnswerMode OriginalMode, IReadOnlyList<Citation> Citations);
