using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.ScaleOut;

/// <summary>One app instance of a scaled-out deployment: its own SQLite file, a shared Redis under a prefix of the test's.</summary>
public sealed class RedisInstanceFactory(string redis, string prefix) : QwenHelpFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["QwenHelp:Redis:ConnectionString"] = redis,
        ["QwenHelp:Redis:Prefix"] = prefix,
    };
}
