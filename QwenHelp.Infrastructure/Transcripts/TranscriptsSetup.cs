using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace QwenHelp.Infrastructure.Transcripts;

public static class TranscriptsSetup
{
    /// <summary>Conversation review for staff: filtered lists, transcripts, export, answer corrections.</summary>
    public static IHostApplicationBuilder AddTranscripts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConversationBrowser>();
        builder.Services.AddSingleton<TranscriptExporter>();
        builder.Services.AddSingleton<AnswerCorrectionService>();
        return builder;
    }
}
