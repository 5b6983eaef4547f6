using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Inference.Backends;

namespace QwenHelp.Infrastructure.Inference;

public static class InferenceSetup
{
    /// <summary>
    /// The language model backend chosen by QwenHelp:Model:Backend: none (no IChatClient; answers come
    /// from retrieval), onnx (the in-process engine, loaded at start-up) or openai (an OpenAI-compatible
    /// server). Registers <see cref="InferenceStatus"/> and a "model" readiness check either way.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => InferenceStatus.Initial(provider.GetRequiredService<IOptions<InferenceOptions>>().Value));
        // "ready": the tag /health/ready selects (QwenHelp.Web/Api/HealthApi.cs).
        services.AddHealthChecks().AddCheck<InferenceHealthCheck>("model", tags: ["ready"]);

        var backend = builder.Configuration.GetSection(InferenceOptions.Section).GetValue<ModelBackend?>(nameof(InferenceOptions.Backend)) ?? ModelBackend.None;
        switch (backend)
        {
            case ModelBackend.Onnx:
                services.AddSingleton<OnnxModelHost>();
                services.AddHostedService(provider => provider.GetRequiredService<OnnxModelHost>());
                services.AddSingleton<IChatClient, OnnxChatClient>();
                services.AddSingleton<ITokenCounter>(provider => new TokenizerTokenCounter(provider.GetRequiredService<OnnxModelHost>().CountingTokenizer));
                break;
            case ModelBackend.OpenAi:
                services.AddSingleton<IChatClient>(provider => new OpenAiChatClient(provider.GetRequiredService<IOptionsMonitor<InferenceOptions>>(), provider.GetRequiredService<InferenceStatus>()));
                break;
            default:
                break;
        }

        return builder;
    }
}
