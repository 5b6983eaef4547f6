using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// The connection drops while the customer types: the widget keeps the message and sends it once
/// the circuit is back. The circuit's WebSocket really closes (Playwright routes it and cuts it),
/// and reconnection is refused until the "network" returns, so the widget's own code has to recover.
/// </summary>
[Collection(LiveServerGroup.Name)]
public partial class WidgetReconnectTests(LiveServer server) : BrowserTest(server)
{
    private readonly List<(IWebSocketRoute Page, IWebSocketRoute Server)> _sockets = [];
    private volatile bool _offline;

    [Fact]
    public async Task AMessageSentWhileTheConnectionIsDownIsKeptAndSentWhenItReturns()
    {
        // The browser reports the lost connection, the refused reconnection attempts and the events
        // Blazor could not deliver while disconnected: expected here.
        ExpectBrowserError("WebSocket");
        ExpectBrowserError("onnection");
        ExpectBrowserError("negotiat");
        ExpectBrowserError("Failed to");
        ExpectBrowserError("No interop methods are registered for renderer");
        await Page.RouteAsync(BlazorHub(), route => _offline ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());
        await Page.RouteWebSocketAsync(BlazorHub(), async socket =>
        {
            if (_offline)
            {
                await socket.CloseAsync(new() { Code = 4000, Reason = "offline" });
                return;
            }

            lock (_sockets)
            {
                _sockets.Add((socket, socket.ConnectToServer()));
            }
        });
        await Page.GotoAsync("/widget?lang=en");
        await WidgetTests.WaitForInteractiveAsync(Page);
        const string question = "Do you ship internationally?";

        await GoOfflineAsync();
        await Page.GetByRole(AriaRole.Textbox).FillAsync(question);
        await Page.Keyboard.PressAsync("Enter");

        // Nothing reached the server, and the browser kept the message.
        Assert.Equal(0, CustomerMessages(question));
        Assert.Contains(question, await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('qwenhelp.pending.v1')") ?? "");

        _offline = false;

        var answer = Page.Locator(".chat-message-assistant").Nth(1);
        await Expect(Page.Locator(".chat-message-customer .chat-bubble")).ToHaveTextAsync(question, new() { Timeout = 60_000 });
        await Expect(answer.Locator(".chat-citation")).ToContainTextAsync(question, new() { Timeout = 30_000 });
        Assert.Equal(1, CustomerMessages(question));
        Assert.Null(await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('qwenhelp.pending.v1')"));
    }

    private async Task GoOfflineAsync()
    {
        _offline = true;
        List<(IWebSocketRoute Page, IWebSocketRoute Server)> open;
        lock (_sockets)
        {
            open = [.. _sockets];
            _sockets.Clear();
        }

        Assert.NotEmpty(open);
        foreach (var (page, server) in open)
        {
            await server.CloseAsync(new() { Code = 4000, Reason = "offline" });
            await page.CloseAsync(new() { Code = 4000, Reason = "offline" });
        }

        // Blazor notices: its reconnection display appears.
        await Expect(Page.Locator("#components-reconnect-modal")).ToBeAttachedAsync();
    }

    private long CustomerMessages(string text) =>
        Support.SqliteProbe.Scalar(Server.DatabaseFile, $"SELECT COUNT(*) FROM messages WHERE role = 0 AND text = '{text.Replace("'", "''", StringComparison.Ordinal)}'");

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorHub();
}
