using System.Text.RegularExpressions;
using QwenHelp.Web.Components.Shared;

namespace QwenHelp.Tests.Unit.Knowledge;

public class SafeMarkdownTests
{
    private static string Html(string markdown) => SafeMarkdown.ToHtml(markdown).Value;

    [Fact]
    public void HeadingsListsAndTablesRender()
    {
        var html = Html("# Returns\n\n- seven days\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");

        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<li>seven days</li>", html, StringComparison.Ordinal);
        Assert.Contains("<table>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("text <iframe src=\"https://evil.example\"></iframe>")]
    public void RawHtmlIsShownAsTextNeverAsMarkup(string markdown)
    {
        var html = Html(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click](java&#x73;cript:alert(1))")]
    [InlineData("[click](<java\tscript:alert(1)>)")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2Zz4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click](vbscript:msgbox)")]
    public void DangerousLinksBecomeHarmless(string markdown)
    {
        var html = Html(markdown);

        Assert.DoesNotMatch(new Regex("(href|src)=\"[^\"]*(script|data):", RegexOptions.IgnoreCase), html.Replace("&#x73;", "s", StringComparison.Ordinal));
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OrdinaryLinksStay()
    {
        var html = Html("[policy](https://shop.example.com/returns) [mail](mailto:help@example.com)");

        Assert.Contains("href=\"https://shop.example.com/returns\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@example.com\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer\"", html, StringComparison.Ordinal);
    }
}
