using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Security;

public class SecurityHeaderTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private HttpClient Https() => factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://help.shop.example"), AllowAutoRedirect = false });

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/widget")]
    [InlineData("/health/live")]
    public async Task EveryAnswerForbidsMimeSniffingKeepsReferrersShortAndPinsHttps(string path)
    {
        var response = await Https().GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWidgetIsFramedByCspAloneWhileThePortalAlsoSendsXFrameOptions()
    {
        var widget = await Https().GetAsync("/widget");
        var login = await Https().GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.False(widget.Headers.Contains("X-Frame-Options"));
        Assert.Contains("frame-ancestors", widget.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("SAMEORIGIN", login.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task TheAntiforgeryCookieIsSecureOverHttps()
    {
        var login = await Https().GetAsync("/account/login");

        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/ui-language?lang=en&returnUrl=/%09/x")]
    [InlineData("/ui-language?lang=en&returnUrl=/%E3%80%80/x")]
    [InlineData("/ui-language?lang=en&returnUrl=//evil.example/")]
    public async Task ALanguageSwitchWithAStrangeReturnAddressGoesHomeInsteadOfFailing(string url)
    {
        var response = await Https().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task TheMemoryDiagnosticsThatForceFullCollectionsAreNotServedUnlessSwitchedOn()
    {
        var response = await factory.CreateClient().GetAsync("/diagnostics/memory");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
