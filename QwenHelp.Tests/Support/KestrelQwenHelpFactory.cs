using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace QwenHelp.Tests.Support;

/// <summary>
/// The app on a real Kestrel port, for what a TestServer does not do: Kestrel's own body limits and
/// timeouts, raw sockets that stall or lie about their length.
/// </summary>
public class KestrelQwenHelpFactory : QwenHelpFactory
{
    public KestrelQwenHelpFactory()
    {
        UseKestrel(0);
    }

    /// <summary>Where Kestrel listens (starts the server on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }
}
