using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using QwenHelp.Domain.Widget;

namespace QwenHelp.Web.Widget;

/// <summary>
/// Where the widget may appear and who may call the public API: CSP frame-ancestors on /widget per
/// site, CORS for the sites' origins, and rate limits per visitor/IP and per API key.
/// </summary>
public static class WidgetEmbedding
{
    public const string CorsPolicy = "widget-sites";
    public const string ChatRateLimit = "chat";
    public const string ApiKeyRateLimit = "api-key";

    public static WebApplicationBuilder AddWidgetEmbedding(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddCors();
        builder.Services.AddSingleton<VisitorTokens>();
        builder.Services.AddSingleton<WidgetChatLimiter>();
        // Keys in the data folder: visitor tokens and staff cookies stay valid across restarts.
        builder.Services.AddDataProtection().SetApplicationName("QwenHelp");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Infrastructure.Persistence.DataPaths, ILoggerFactory>((options, paths, loggers) =>
                options.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(paths.DataFolder, "keys")), loggers));
        builder.Services.AddSingleton<ICorsPolicyProvider, WidgetSiteCorsPolicyProvider>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteTooManyRequestsAsync;
            options.AddPolicy(ChatRateLimit, context => Partition(context, "ip:" + context.Connection.RemoteIpAddress, o => o.ChatPerMinutePerClient));
            options.AddPolicy(ApiKeyRateLimit, context =>
            {
                // Keyed by the bearer token itself; an unknown token is refused after this, by the key check.
                var token = context.Request.Headers.Authorization.ToString();
                return Partition(context, token.Length > 0 ? "key:" + token : "ip:" + context.Connection.RemoteIpAddress, o => o.ApiPerMinutePerKey);
            });
        });
        return builder;
    }

    public static WebApplication UseWidgetEmbedding(this WebApplication app)
    {
        app.UseMiddleware<WidgetFrameGuard>();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string key, Func<RateLimitOptions, int> limit)
    {
        var permits = limit(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value);
        return permits <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    private static async ValueTask WriteTooManyRequestsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.HttpContext.Request.Path.StartsWithSegments("/v1"))
        {
            // OpenAI SDKs read OpenAI's error object, and retry on this code.
            await Api.OpenAiCompatibleApi.ErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, $"Rate limit reached for this API key. Try again in {retryAfter} seconds.", "requests", "rate_limit_exceeded");
            return;
        }

        await Api.Problems.TooManyRequests($"Too many requests. Try again in {retryAfter} seconds.")
            .ExecuteAsync(context.HttpContext);
    }

    /// <summary>True when the request's Origin is this server itself (the demo page, the admin portal).</summary>
    public static bool IsSameOrigin(HttpRequest request, string? origin) =>
        WebOrigin.Normalize(origin) is { } normalized && normalized == WebOrigin.Normalize($"{request.Scheme}://{request.Host}");
}
