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
        builder.Services.AddHealth();
        return builder;
    }

    /// <summary>Unhandled errors become a problem+json 500 without a stack trace; empty error responses get a problem body.</summary>
    public static WebApplication UseHttpApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
