using Microsoft.AspNetCore.Mvc;
using QwenHelp.Infrastructure.Knowledge;
using QwenHelp.Infrastructure.Knowledge.Transfer;
using QwenHelp.Web.Security;

namespace QwenHelp.Web.Api;

/// <summary>Admin-only FAQ endpoints: the export the FAQ editor links to.</summary>
public static class AdminFaqApi
{
    public static IEndpointRouteBuilder MapAdminFaqApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/faq").RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("/export", ExportAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync([FromQuery] string? format, FaqService faq, HttpContext context, CancellationToken cancellationToken)
    {
        FaqFileFormat? parsed = format?.ToLowerInvariant() switch
        {
            null or "" or "csv" => FaqFileFormat.Csv,
            "jsonl" => FaqFileFormat.Jsonl,
            _ => null,
        };
        if (parsed is not { } fileFormat)
        {
            return Problems.BadRequest("Unknown export format; use format=csv or format=jsonl.");
        }

        var entries = await faq.ListAsync(cancellationToken);
        var fileName = $"qwenhelp-faq-{DateTime.UtcNow:yyyyMMdd}.{FaqFileFormats.Extension(fileFormat)}";
        context.Response.ContentType = FaqFileFormats.ContentType(fileFormat) + "; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await FaqFileWriter.WriteAsync(context.Response.Body, entries, fileFormat, cancellationToken);
        return Results.Empty;
    }
}
