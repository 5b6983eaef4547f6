using QwenHelp.Infrastructure.ApiAccess;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.ApiAccess;

public class ApiKeyServiceTests(QwenHelpFactory factory) : IClassFixture<QwenHelpFactory>
{
    private ApiKeyService Keys => factory.GetService<ApiKeyService>();

    [Fact]
    public async Task ANewKeyAuthenticatesAndOnlyItsHashIsStored()
    {
        var (key, secret) = await Keys.CreateAsync("CRM integration", "admin");

        Assert.StartsWith(ApiKeyService.KeyPrefix, secret, StringComparison.Ordinal);
        Assert.Equal(key.Id, (await Keys.AuthenticateAsync(secret))?.Id);
        Assert.Equal(0, SqliteProbe.Scalar(factory.DatabaseFile, $"SELECT COUNT(*) FROM api_keys WHERE hash = '{secret}' OR prefix = '{secret}'"));
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedAtOnce()
    {
        var (key, secret) = await Keys.CreateAsync("old partner", "admin");

        Assert.True(await Keys.RevokeAsync(key.Id));

        Assert.Null(await Keys.AuthenticateAsync(secret));
        Assert.False(await Keys.RevokeAsync(key.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("qh_not-a-real-key")]
    [InlineData("sk-something-else")]
    public async Task AnUnknownOrMalformedKeyIsRefused(string? secret)
    {
        Assert.Null(await Keys.AuthenticateAsync(secret));
    }
}
