using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Security;

/// <summary>The sign-in form as a browser posts it, from several client addresses.</summary>
public partial class SignInThrottlingTests(SignInThrottlingTests.ClientAddressFactory factory) : IClassFixture<SignInThrottlingTests.ClientAddressFactory>
{
    private const string Failed = "The user name or password is wrong.";
    private const string Throttled = "Too many failed sign-ins.";

    [Fact]
    public async Task AStrangersFailedGuessesDoNotLockTheAdminOutOfTheirOwnBrowser()
    {
        var adminBrowser = new Browser(factory, "192.0.2.10");
        Assert.True(await adminBrowser.SignInAsync(QwenHelpFactory.AdminUser, QwenHelpFactory.AdminPassword) is { Succeeded: true });
        await adminBrowser.SignOutAsync();

        var stranger = new Browser(factory, "198.51.100.20");
        for (var i = 0; i < 6; i++)
        {
            await stranger.SignInAsync(QwenHelpFactory.AdminUser, "guess-" + i);
        }

        var strangerWithTheRightPassword = await stranger.SignInAsync(QwenHelpFactory.AdminUser, QwenHelpFactory.AdminPassword);
        var admin = await adminBrowser.SignInAsync(QwenHelpFactory.AdminUser, QwenHelpFactory.AdminPassword);

        Assert.False(strangerWithTheRightPassword.Succeeded);
        Assert.Contains(Throttled, strangerWithTheRightPassword.Page, StringComparison.Ordinal);
        Assert.True(admin.Succeeded, admin.Page);
    }

    [Fact]
    public async Task AnUnknownNameGetsTheSameAnswersAsARealOneAttemptForAttempt()
    {
        var known = new Browser(factory, "198.51.100.31");
        var unknown = new Browser(factory, "198.51.100.32");
        var knownAnswers = new List<string>();
        var unknownAnswers = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            knownAnswers.Add(Answer((await known.SignInAsync("agent-known", "wrong-" + i)).Page));
            unknownAnswers.Add(Answer((await unknown.SignInAsync("nobody-by-this-name", "wrong-" + i)).Page));
        }

        Assert.Equal(knownAnswers, unknownAnswers);
        Assert.Equal(Failed, knownAnswers[0]);
        Assert.StartsWith(Throttled, knownAnswers[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAddressGuessingManyNamesIsStoppedWhateverNameItTriesNext()
    {
        var guesser = new Browser(factory, "203.0.113.40");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(Failed, Answer((await guesser.SignInAsync("name-" + i, "wrong")).Page));
        }

        var next = await guesser.SignInAsync("another-name", "wrong");
        var elsewhere = await new Browser(factory, "203.0.113.41").SignInAsync("another-name", "wrong");

        Assert.StartsWith(Throttled, Answer(next.Page), StringComparison.Ordinal);
        Assert.Equal(Failed, Answer(elsewhere.Page));
    }

    [Fact]
    public async Task SigningOutNeedsTheFormsTokenAndEndsTheOldCookieEverywhere()
    {
        var browser = new Browser(factory, "192.0.2.50");
        Assert.True((await browser.SignInAsync(ClientAddressFactory.SecondAdmin, ClientAddressFactory.SecondAdminPassword)).Succeeded);
        var copiedCookie = browser.Cookie;

        var forged = await browser.Client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/faq")).StatusCode);

        await browser.SignOutAsync();
        var withCopiedCookie = new Browser(factory, "192.0.2.51") { Cookie = copiedCookie };
        var afterSignOut = await withCopiedCookie.GetAsync("/admin/faq");

        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Contains("/account/login", afterSignOut.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static string Answer(string page) =>
        LoginError().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "(no error shown)";

    [GeneratedRegex("<p class=\"login-error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>One browser: its own cookies, its own client address.</summary>
    private sealed class Browser(ClientAddressFactory factory, string address)
    {
        public HttpClient Client { get; } = CreateClient(factory, address);

        public string Cookie { get; set; } = "";

        public async Task<(bool Succeeded, string Page)> SignInAsync(string userName, string password)
        {
            var form = await GetAsync("/account/login");
            var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
            var response = await SendAsync(HttpMethod.Post, "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = token,
            }));
            return (response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        }

        public async Task SignOutAsync()
        {
            var page = await GetAsync("/admin/faq");
            var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
            var response = await SendAsync(HttpMethod.Post, "/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (Cookie.Length > 0)
            {
                request.Headers.Add("Cookie", Cookie);
            }

            var response = await Client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                var jar = Cookie.Split("; ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('=', 2)).ToDictionary(c => c[0], c => c[1]);
                foreach (var setCookie in setCookies)
                {
                    var pair = setCookie.Split(';')[0].Split('=', 2);
                    if (pair[1].Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        jar.Remove(pair[0]);
                    }
                    else
                    {
                        jar[pair[0]] = pair[1];
                    }
                }

                Cookie = string.Join("; ", jar.Select(c => c.Key + "=" + c.Value));
            }

            return response;
        }

        private static HttpClient CreateClient(ClientAddressFactory factory, string address)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Add(ClientAddressFactory.Header, address);
            return client;
        }
    }

    /// <summary>
    /// A TestServer has no client address; this stands in for the network, giving each request the address a
    /// test names. The app's own code reads it as it reads a real connection's.
    /// </summary>
    public sealed class ClientAddressFactory : QwenHelpFactory
    {
        public const string Header = "X-Test-Client-Address";
        public const string SecondAdmin = "second-admin";
        public const string SecondAdminPassword = "Second-Admin-Pass1";

        public ClientAddressFactory()
        {
            // An agent whose name is real, so that a real name and a made-up one can be compared.
            _ = Services;
            var accounts = GetService<Infrastructure.Identity.StaffAccountService>();
            var created = accounts.CreateAsync(new Infrastructure.Identity.NewStaffAccount("agent-known", null, [Infrastructure.Identity.StaffRoles.Agent], "Agent-Known-Pass1")).GetAwaiter().GetResult();
            Assert.Empty(created.Errors);
            // Its own admin for the sign-out test, whatever the other tests do to the first admin's name.
            created = accounts.CreateAsync(new Infrastructure.Identity.NewStaffAccount(SecondAdmin, null, [Infrastructure.Identity.StaffRoles.Admin], SecondAdminPassword)).GetAwaiter().GetResult();
            Assert.Empty(created.Errors);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFilter>());
        }

        private sealed class ClientAddressFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    if (context.Request.Headers[Header] is [{ } address])
                    {
                        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                    }

                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
