using System.ComponentModel.DataAnnotations;
using System.Net;

namespace QwenHelp.Web.Hosting;

/// <summary>
/// The reverse proxy in front of the app (scaled-out deployments). Bound from <c>QwenHelp:Proxy</c>.
/// X-Forwarded-For/-Proto are believed only from these addresses; with none set they are ignored,
/// so a client cannot choose the IP its rate limit is counted under.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Proxy";

    /// <summary>IP addresses of the proxy, e.g. <c>172.28.0.2</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxy may connect from, in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var address in KnownProxies.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return new ValidationResult($"{Section}:KnownProxies: '{address}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation (like 10.0.0.0/8).", [nameof(KnownNetworks)]);
        }
    }
}
