using System.Globalization;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Analytics;

namespace QwenHelp.Web.Admin;

/// <summary>Times on the back-office pages, in the zone the analytics and the date filters count days by.</summary>
public sealed class PortalTime(IOptions<AnalyticsOptions> options)
{
    private readonly TimeZoneInfo _zone = options.Value.FindTimeZone();

    public string Minutes(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Seconds(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
