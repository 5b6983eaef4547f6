using System.Net;
using System.Net.Http.Json;
using QwenHelp.Infrastructure.Widget;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Widget;

public class WidgetEmbeddingTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>, IAsyncLifetime
{
    private const string ShopOrigin = "https://shop.example.com";

    public async Task InitializeAsync()
    {
        var sites = factory.GetService<WidgetSiteService>();
        if (await sites.FindEnabledAsync("shop") is null)
        {
            var saved = await sites.SaveAsync(new WidgetSiteInput(null, "shop", "Example shop", [ShopOrigin + "/"]));
            Assert.True(saved.Succeeded, string.Join(" ", saved.Errors));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static HttpRequestMessage From(string origin, HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Origin", origin);
        return request;
    }

    [Fact]
    public async Task TheWidgetPageMayBeFramedOnlyByItsSitesOrigins()
    {
        var response = await factory.CreateClient().GetAsync("/widget?site=shop");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("frame-ancestors 'self' https://shop.example.com", string.Join("", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task AnUnknownSiteGetsNoWidgetPage()
    {
        var response = await factory.CreateClient().GetAsync("/widget?site=nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheSiteConfigurationIsGivenToAnAllowedOriginOnly()
    {
        var client = factory.CreateClient();

        var allowed = await client.SendAsync(From(ShopOrigin, HttpMethod.Get, "/api/widget/sites/shop"));
        var foreign = await client.SendAsync(From("https://evil.example", HttpMethod.Get, "/api/widget/sites/shop"));
        var unknown = await client.SendAsync(From(ShopOrigin, HttpMethod.Get, "/api/widget/sites/nope"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(ShopOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("shop", (await allowed.Content.ReadFromJsonAsync<WidgetSiteConfigDto>())!.Key);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheChatApiAnswersCorsForAllowedOriginsOnly()
    {
        var client = factory.CreateClient();
        var preflight = From(ShopOrigin, HttpMethod.Options, "/api/chat");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var foreignPreflight = From("https://evil.example", HttpMethod.Options, "/api/chat");
        foreignPreflight.Headers.Add("Access-Control-Request-Method", "POST");

        var allowed = await client.SendAsync(preflight);
        var foreign = await client.SendAsync(foreignPreflight);

        Assert.Equal(ShopOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ASiteWithAnInvalidOriginIsRefusedWithTheReason()
    {
        var result = await factory.GetService<WidgetSiteService>().SaveAsync(new WidgetSiteInput(null, "bad-site", "Bad", ["https://*.example.com", "https://ok.example.com/path"]));

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Errors.Count);
        Assert.Null(await factory.GetService<WidgetSiteService>().FindEnabledAsync("bad-site"));
    }

    [Fact]
    public async Task TheLoaderScriptIsSmallAndServed()
    {
        var response = await factory.CreateClient().GetAsync("/widget.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < 10 * 1024);
    }

    private sealed record WidgetSiteConfigDto(string Key, string Name, string Color, string Position);
}
