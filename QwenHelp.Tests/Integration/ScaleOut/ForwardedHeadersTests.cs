using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.ScaleOut;

/// <summary>
/// Rate limits count the client the configured proxy names in X-Forwarded-For, and nobody else can
/// pick the address they are counted under. The chat limit is one message a minute here.
/// </summary>
public class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";

    [Fact]
    public async Task BehindTheConfiguredProxyEachForwardedClientHasItsOwnChatLimit()
    {
        await using var factory = new ConnectingFrom(Proxy);
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ChatAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, "203.0.113.2"));
    }

    [Fact]
    public async Task FromAnyOtherAddressXForwardedForIsIgnored()
    {
        await using var factory = new ConnectingFrom("10.0.0.9");
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await ChatAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ChatAsync(client, "203.0.113.2"));
    }

    private static async Task<HttpStatusCode> ChatAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { message = "How do I reset my password?" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The app with <see cref="Proxy"/> configured, its requests arriving from <paramref name="remoteAddress"/>.</summary>
    private sealed class ConnectingFrom(string remoteAddress) : QwenHelpFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["QwenHelp:Proxy:KnownProxies:0"] = Proxy,
            ["QwenHelp:RateLimits:ChatPerMinutePerClient"] = "1",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            // A TestServer connection has no address of its own: give it the one the test is about.
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(remoteAddress))));
        }
    }

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
