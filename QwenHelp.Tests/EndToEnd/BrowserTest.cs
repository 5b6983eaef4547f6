using Microsoft.Playwright;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// A fresh browser context per test; any console error or uncaught page exception fails the test,
/// because a customer would be looking at a broken page.
/// </summary>
public abstract class BrowserTest(LiveServer server) : IAsyncLifetime
{
    private readonly List<string> _browserErrors = [];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _expectedErrors = [];

    protected LiveServer Server { get; } = server;

    protected IPage Page { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Page = await NewPageAsync();

    /// <summary>Another, independent browser (its own cookies and storage), e.g. an agent beside a customer.</summary>
    protected async Task<IPage> NewPageAsync(string? locale = "en-US")
    {
        var context = await Server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString(), Locale = locale });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !_expectedErrors.Any(e => message.Text.Contains(e, StringComparison.Ordinal)))
            {
                _browserErrors.Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            if (!_expectedErrors.Any(e => error.Contains(e, StringComparison.Ordinal)))
            {
                _browserErrors.Add($"page error on {page.Url}: {error}");
            }
        };
        return page;
    }

    /// <summary>A browser error (console or uncaught) that is the very behaviour under test (e.g. a CORS refusal) does not fail it.</summary>
    protected void ExpectBrowserError(string textContains) => _expectedErrors.Add(textContains);

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        Assert.True(_browserErrors.Count == 0, string.Join(Environment.NewLine, _browserErrors));
    }

    protected async Task SignInAsAdminAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", Support.QwenHelpFactory.AdminUser);
        await page.FillAsync("#password", Support.QwenHelpFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
    }
}
