using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Text;
using QwenHelp.Domain.Tools;
using QwenHelp.Infrastructure.Tools;

namespace QwenHelp.Infrastructure.Conversations;

public static class ConversationEngineSetup
{
    /// <summary>
    /// The conversation engine: memory and context budget, guardrails, handoff, tools, answer cache,
    /// model resilience. Uses the <see cref="Microsoft.Extensions.AI.IChatClient"/> registered by the
    /// model setup when there is one, and answers from retrieval when there is none.
    /// </summary>
    public static IHostApplicationBuilder AddConversationEngine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GuardrailOptions>().BindConfiguration(GuardrailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ToolOptions>().BindConfiguration(ToolOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The calibrated estimate; the model setup registers the real tokenizer's counter, which wins.
        services.TryAddSingleton<ITokenCounter, EstimatingTokenCounter>();

        services.AddHttpClient(HttpOrderStatusSource.HttpClientName);
        services.AddSingleton<DemoOrderStore>();
        services.AddSingleton<IOrderStatusSource>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<ToolOptions>>().Value.OrderSystem.Endpoint)
                ? provider.GetRequiredService<DemoOrderStore>()
                : ActivatorUtilities.CreateInstance<HttpOrderStatusSource>(provider));
        services.AddSingleton<TicketService>();
        services.AddSingleton<ToolRunner>();
        services.AddSingleton<ConversationToolsPlugin>();

        services.AddSingleton<EngineSettingsService>();
        services.AddSingleton<ConversationFeed>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<VisitorConversations>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<CitationTexts>();
        services.AddSingleton<SuggestedQuestions>();
        services.AddSingleton<AgentDesk>();
        services.AddSingleton<EngineChatClient>();
        services.AddSingleton<AnswerCache>();
        services.AddSingleton<HandoffNotifier>();
        services.AddSingleton<ModelGateway>();
        services.AddSingleton<SummaryRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<SummaryRefresher>());
        services.AddSingleton<ConversationEngine>();
        return builder;
    }
}
