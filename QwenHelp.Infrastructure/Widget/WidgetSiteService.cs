using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Widget;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Widget;

/// <summary>
/// The sites the widget may be embedded on. Lookups (every widget load and every cross-origin API
/// call) are served from an in-memory snapshot that each change replaces.
/// </summary>
public sealed partial class WidgetSiteService(IDbContextFactory<QwenHelpDbContext> dbFactory)
{
    public const string DemoSiteKey = "demo";

    private volatile Dictionary<string, WidgetSite>? _snapshot;

    public async Task<IReadOnlyList<WidgetSite>> ListAsync(CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(cancellationToken)).Values.OrderBy(s => s.Id).ToList();

    /// <summary>The enabled site with this key, or null.</summary>
    public async Task<WidgetSite?> FindEnabledAsync(string? key, CancellationToken cancellationToken = default) =>
        key is not null && (await SnapshotAsync(cancellationToken)).TryGetValue(key, out var site) && site.Enabled ? site : null;

    /// <summary>True when some enabled site lists this origin (for CORS on the public API).</summary>
    public async Task<bool> IsOriginAllowedAsync(string? origin, CancellationToken cancellationToken = default)
    {
        var normalized = WebOrigin.Normalize(origin);
        return normalized is not null && (await SnapshotAsync(cancellationToken)).Values.Any(s => s.Enabled && s.AllowedOrigins.Contains(normalized));
    }

    /// <summary>Creates the demo site (the app's own pages) when there is no site at all.</summary>
    public async Task EnsureDemoSiteAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.WidgetSites.AnyAsync(cancellationToken))
        {
            db.WidgetSites.Add(new WidgetSite { Key = DemoSiteKey, Name = "Demo shop (this server)", IdentitySecret = NewSecret() });
            await db.SaveChangesAsync(cancellationToken);
        }

        _snapshot = null;
    }

    public async Task<WidgetSiteResult> SaveAsync(WidgetSiteInput input, CancellationToken cancellationToken = default)
    {
        var (origins, errors) = Validate(input);
        if (errors.Count > 0)
        {
            return new WidgetSiteResult(null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        WidgetSite? site;
        if (input.Id is { } id)
        {
            site = await db.WidgetSites.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (site is null)
            {
                return new WidgetSiteResult(null, ["That site no longer exists."]);
            }
        }
        else
        {
            site = new WidgetSite { Key = input.Key.Trim(), Name = input.Name.Trim(), IdentitySecret = NewSecret() };
            db.WidgetSites.Add(site);
        }

        if (await db.WidgetSites.AnyAsync(s => s.Key == input.Key.Trim() && s.Id != site.Id, cancellationToken))
        {
            return new WidgetSiteResult(null, [$"The site key '{input.Key.Trim()}' is already used."]);
        }

        site.Key = input.Key.Trim();
        site.Name = input.Name.Trim();
        site.AllowedOrigins = origins;
        site.Color = input.Color.Trim().ToLowerInvariant();
        site.Position = input.Position;
        site.GreetingEnabled = input.GreetingEnabled;
        site.GreetingDelaySeconds = input.GreetingDelaySeconds;
        site.GreetingPages = (input.GreetingPages ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct().ToList();
        site.Enabled = input.Enabled;
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
        return new WidgetSiteResult(site, []);
    }

    public async Task<string?> RotateSecretAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var site = await db.WidgetSites.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null)
        {
            return null;
        }

        site.IdentitySecret = NewSecret();
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
        return site.IdentitySecret;
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.WidgetSites.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        _snapshot = null;
        return deleted > 0;
    }

    private async Task<Dictionary<string, WidgetSite>> SnapshotAsync(CancellationToken cancellationToken)
    {
        if (_snapshot is { } snapshot)
        {
            return snapshot;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await db.WidgetSites.AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
        _snapshot = loaded;
        return loaded;
    }

    private static (List<string> Origins, List<string> Errors) Validate(WidgetSiteInput input)
    {
        var errors = new List<string>();
        if (!SiteKey().IsMatch(input.Key.Trim()))
        {
            errors.Add("The site key must be 3–40 letters, digits, '-' or '_'.");
        }

        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 100)
        {
            errors.Add("The name is required (at most 100 characters).");
        }

        var origins = new List<string>();
        foreach (var line in input.AllowedOrigins.Select(o => o.Trim()).Where(o => o.Length > 0))
        {
            if (WebOrigin.Normalize(line) is { } origin)
            {
                origins.Add(origin);
            }
            else
            {
                errors.Add($"'{line}' is not an origin; write it like https://shop.example.com (no path, no wildcard).");
            }
        }

        if (!Color().IsMatch(input.Color.Trim()))
        {
            errors.Add("The color must look like #1f6feb.");
        }

        if (input.Position is not ("left" or "right"))
        {
            errors.Add("The position must be left or right.");
        }

        if (input.GreetingDelaySeconds is < 0 or > 3600)
        {
            errors.Add("The greeting delay must be between 0 and 3600 seconds.");
        }

        return (origins.Distinct().ToList(), errors);
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    [GeneratedRegex("^[A-Za-z0-9_-]{3,40}$")]
    private static partial Regex SiteKey();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Color();
}

/// <summary>The editable fields of a widget site.</summary>
public sealed record WidgetSiteInput(
    int? Id,
    string Key,
    string Name,
    IReadOnlyList<string> AllowedOrigins,
    string Color = "#1f6feb",
    string Position = "right",
    bool GreetingEnabled = false,
    int GreetingDelaySeconds = 15,
    IReadOnlyList<string>? GreetingPages = null,
    bool Enabled = true);

public sealed record WidgetSiteResult(WidgetSite? Site, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
