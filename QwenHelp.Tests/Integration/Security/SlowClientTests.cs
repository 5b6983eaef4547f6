using System.Net.Sockets;
using System.Text;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Integration.Security;

/// <summary>Clients that misbehave on the wire, against the real server (Kestrel).</summary>
[Trait("Category", "Abuse")]
public class SlowClientTests(KestrelQwenHelpFactory factory) : IClassFixture<KestrelQwenHelpFactory>
{
    [Fact]
    public async Task ABodyThatStallsIsAnswered408NotA500()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(factory.Address.Host, factory.Address.Port);
        var stream = client.GetStream();
        var head = $"POST /api/chat HTTP/1.1\r\nHost: {factory.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"message\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Nothing more is sent; Kestrel's minimum body data rate ends the wait after its grace period.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        var response = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 408", response, StringComparison.Ordinal);
    }
}
