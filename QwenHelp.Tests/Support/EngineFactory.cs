using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Tests.Support;

/// <summary>The whole app over real SQLite with a scripted model behind <see cref="IChatClient"/>.</summary>
public class EngineFactory : QwenHelpFactory
{
    public ScriptedChatClient Model { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["QwenHelp:Conversation:FirstTokenTimeoutSeconds"] = "0.5",
        // Failures in one test must not open the breaker for the next; the breaker has its own tests.
        ["QwenHelp:Conversation:BreakerMinimumCalls"] = "1000",
        // These tests are about model answers: no FAQ is ever confident enough to skip the model
        // (the direct-answer shortcut is tested without a model).
        ["QwenHelp:Retrieval:ConfidentFaqThreshold"] = "1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IChatClient>(Model));
    }
}

/// <summary>The app with a scripted model and a breaker that opens after two failures in two calls.</summary>
public sealed class BreakerFactory : EngineFactory
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["QwenHelp:Conversation:FirstTokenTimeoutSeconds"] = "0.5",
        ["QwenHelp:Conversation:BreakerMinimumCalls"] = "2",
        ["QwenHelp:Conversation:BreakerFailureRatio"] = "0.5",
        ["QwenHelp:Conversation:BreakerBreakSeconds"] = "600",
    };
}
