using QwenHelp.Domain.Widget;

namespace QwenHelp.Tests.Unit.Widget;

public class WebOriginTests
{
    [Theory]
    [InlineData("https://Shop.Example.com", "https://shop.example.com")]
    [InlineData("https://shop.example.com/", "https://shop.example.com")]
    [InlineData("https://shop.example.com:443", "https://shop.example.com")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    [InlineData("  http://127.0.0.1:8080  ", "http://127.0.0.1:8080")]
    public void NormalizesOriginsTheWayBrowsersSendThem(string input, string expected)
    {
        Assert.Equal(expected, WebOrigin.Normalize(input));
    }

    [Theory]
    [InlineData("https://shop.example.com/path")]
    [InlineData("https://*.example.com")]
    [InlineData("ftp://example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("shop.example.com")]
    [InlineData("https://user:pw@example.com")]
    [InlineData("")]
    [InlineData(null)]
    public void RefusesWhatIsNotAnOrigin(string? input)
    {
        Assert.Null(WebOrigin.Normalize(input));
    }
}
