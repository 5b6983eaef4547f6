using System.Globalization;
using QwenHelp.Infrastructure.Analytics;
using QwenHelp.Infrastructure.Knowledge.Editing;
using QwenHelp.Infrastructure.Playground;
using QwenHelp.Infrastructure.Transcripts;
using QwenHelp.Web.Api;
using QwenHelp.Web.Security;

namespace QwenHelp.Web.Admin;

/// <summary>
/// The admin portal's back office: analytics, conversation review and correction, the knowledge
/// editor's versions and re-indexing, and the search playground (the pages are under
/// Components/Pages/Admin; the downloads they link to are mapped here).
/// </summary>
public static class AdminPortal
{
    public static WebApplicationBuilder AddAdminPortal(this WebApplicationBuilder builder)
    {
        builder.AddAnalytics();
        builder.AddTranscripts();
        builder.AddSearchPlayground();
        builder.AddKnowledgeEditing();
        builder.Services.AddSingleton<PortalTime>();

        return builder;
    }

    public static IEndpointRouteBuilder MapAdminPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin").RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("/conversations/export", ExportConversationsAsync);
        group.MapGet("/analytics/export", ExportAnalyticsAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportConversationsAsync(HttpContext context, TranscriptExporter exporter, CancellationToken cancellationToken)
    {
        TranscriptFormat? format = context.Request.Query["format"].ToString().ToLowerInvariant() switch
        {
            "" or "csv" => TranscriptFormat.Csv,
            "jsonl" => TranscriptFormat.Jsonl,
            _ => null,
        };
        if (format is not { } fileFormat)
        {
            return Problems.BadRequest("Unknown export format; use format=csv or format=jsonl.");
        }

        var (filter, error) = ConversationFilterQuery.Parse(context.Request.Query);
        if (filter is null)
        {
            return Problems.BadRequest(error!);
        }

        var fileName = $"qwenhelp-conversations-{DateTime.UtcNow:yyyyMMdd-HHmm}.{TranscriptExporter.Extension(fileFormat)}";
        context.Response.ContentType = TranscriptExporter.ContentType(fileFormat) + "; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await exporter.WriteAsync(context.Response.Body, filter, fileFormat, cancellationToken);
        return Results.Empty;
    }

    private static async Task<IResult> ExportAnalyticsAsync(HttpContext context, AnalyticsService analytics, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(context.Request.Query["from"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(context.Request.Query["to"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return Problems.BadRequest("Give the range as from=YYYY-MM-DD&to=YYYY-MM-DD.");
        }

        from = from < ConversationFilterQuery.EarliestDate ? ConversationFilterQuery.EarliestDate : from;
        to = to > ConversationFilterQuery.LatestDate ? ConversationFilterQuery.LatestDate : to;

        AnalyticsReport report;
        try
        {
            report = await analytics.GetReportAsync(from, to, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
        }

        var fileName = $"qwenhelp-analytics-{from:yyyyMMdd}-{to:yyyyMMdd}.csv";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return Results.Text("\uFEFF" + AnalyticsCsv.Write(report), "text/csv; charset=utf-8");
    }
}
