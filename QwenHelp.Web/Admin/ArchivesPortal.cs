using QwenHelp.Infrastructure.Archiving;
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
        return builder;
    }

    public static IEndpointRouteBuilder MapArchivesPortalApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin").RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("/archives/{id:long}/download", DownloadArchiveAsync);
        return endpoints;
    }

    private static async Task<IResult> DownloadArchiveAsync(long id, ArchiveCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.OpenAsync(id, cancellationToken) is not { } found)
        {
            return Problems.NotFound("There is no archive file with that id (or the file is no longer in the archive folder).");
        }

        return TypedResults.PhysicalFile(found.Path, "application/gzip", found.File.FileName);
    }
}
