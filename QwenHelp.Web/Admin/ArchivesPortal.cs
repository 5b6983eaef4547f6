using System.Globalization;
using QwenHelp.Domain.Datasets;
using QwenHelp.Infrastructure.Archiving;
using QwenHelp.Infrastructure.Datasets;
using QwenHelp.Web.Api;
using QwenHelp.Web.Security;

namespace QwenHelp.Web.Admin;

/// <summary>
/// Log archiving and the fine-tuning dataset export in the admin portal: the services (and their
/// background jobs), and the downloads the Archives page links to.
/// </summary>
public static class ArchivesPortal
{
    public static WebApplicationBuilder AddArchivesPortal(this WebApplicationBuilder builder)
    {
        builder.AddConversationArchiving();
        builder.AddDatasetExport();
        return builder;
    }

    public static IEndpointRouteBuilder MapArchivesPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin").RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("/archives/{id:long}/download", DownloadArchiveAsync);
        group.MapGet("/dataset/export", ExportDatasetAsync);
        return endpoints;
    }

    private static async Task<IResult> DownloadArchiveAsync(long id, ArchiveCatalog catalog, CancellationToken cancellationToken)
    {
        (ArchiveFile File, Stream Content)? found;
        try
        {
            found = await catalog.OpenReadAsync(id, cancellationToken);
        }
        catch (ArchiveException e)
        {
            // An encrypted file the configured key cannot open (docs/security.md, "Archives at rest").
            return Problems.Conflict(e.Message);
        }

        if (found is not { } archive)
        {
            return Problems.NotFound("There is no archive file with that id (or the file is no longer in the archive folder).");
        }

        // Encrypted files are decrypted on the way out: the admin downloads the plain .jsonl.gz.
        return TypedResults.Stream(archive.Content, "application/gzip", archive.File.FileName);
    }

    /// <summary><c>?knowledge=60&amp;dialogue=30&amp;exception=10&amp;max=1000&amp;language=zh</c> (all optional: the configured defaults).</summary>
    private static async Task<IResult> ExportDatasetAsync(HttpContext context, DatasetExporter exporter, CancellationToken cancellationToken)
    {
        var defaults = exporter.DefaultRequest;
        var query = context.Request.Query;
        int? Read(string name, int fallback) => query[name].ToString() is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null
            : fallback;
        var knowledge = Read("knowledge", defaults.Mix.KnowledgePercent);
        var dialogue = Read("dialogue", defaults.Mix.DialoguePercent);
        var exception = Read("exception", defaults.Mix.ExceptionPercent);
        var max = Read("max", defaults.MaxExamples);
        if (knowledge is null || dialogue is null || exception is null || max is null)
        {
            return Problems.BadRequest("knowledge, dialogue, exception and max must be whole numbers.");
        }

        var language = query["language"].ToString() is { Length: > 0 } l ? l : null;
        var request = new DatasetRequest(new DatasetMix(knowledge.Value, dialogue.Value, exception.Value), max.Value, language);
        if (request.Validate() is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        context.Response.ContentType = "application/jsonl; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"qwenhelp-dataset-{DateTime.UtcNow:yyyyMMdd-HHmm}.jsonl\"";
        await exporter.WriteAsync(context.Response.Body, request, cancellationToken);
        return Results.Empty;
    }
}
