using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenHelp.Web.Api;

public static class HttpApi
{
    /// <summary>JSON conventions and problem+json errors for every HTTP endpoint.</summary>
    public static WebApplicationBuilder AddHttpApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddProblemDetails();
        // A body that does not bind is the caller's mistake in every environment: a 400, never the developer page's 500.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        builder.Services.AddHealth();
        return builder;
    }

    /// <summary>
    /// Unhandled errors become a problem+json 500 without a stack trace; empty error responses get a problem body.
    /// The server's own refusals of a request (a body over Kestrel's limit, a body that stalls) keep their status: 413, 408.
    /// </summary>
    public static WebApplication UseHttpApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
