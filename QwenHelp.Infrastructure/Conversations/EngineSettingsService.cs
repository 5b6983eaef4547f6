using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QwenHelp.Domain.Conversations;
using QwenHelp.Infrastructure.Persistence;

namespace QwenHelp.Infrastructure.Conversations;

/// <summary>
/// Reads and saves the admin-editable engine settings (table <c>engine_settings</c>, one JSON value
/// under the key <c>engine</c>). Nothing stored means the shipped defaults. The compiled rules are
/// kept in memory and rebuilt when the settings are saved.
/// </summary>
public sealed class EngineSettingsService(IDbContextFactory<QwenHelpDbContext> dbFactory, TimeProvider clock) : IDisposable
{
    private const string Key = "engine";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile EngineRules? _rules;

    public async ValueTask<EngineRules> GetRulesAsync(CancellationToken cancellationToken)
    {
        if (_rules is { } rules)
        {
            return rules;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _rules ??= new EngineRules(await LoadAsync(cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    public async Task<EngineSettings> GetAsync(CancellationToken cancellationToken = default) => (await GetRulesAsync(cancellationToken)).Settings;

    /// <returns>The problems, keyed by setting; empty when saved.</returns>
    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(EngineSettings settings, CancellationToken cancellationToken = default)
    {
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }

        var json = JsonSerializer.Serialize(settings, Json);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO engine_settings (key, value, updated_at) VALUES ({Key}, {json}, {now}) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            cancellationToken);
        _rules = new EngineRules(settings);
        return errors;
    }

    /// <summary>Back to the shipped defaults.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"DELETE FROM engine_settings WHERE key = {Key}", cancellationToken);
        _rules = new EngineRules(EngineSettings.Defaults);
    }

    public void Dispose() => _loading.Dispose();

    private async Task<EngineSettings> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = (await db.Database.SqlQuery<string>($"SELECT value AS \"Value\" FROM engine_settings WHERE key = {Key}").ToListAsync(cancellationToken)).FirstOrDefault();
        if (json is null)
        {
            return EngineSettings.Defaults;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<EngineSettings>(json, Json);
            return stored is not null && stored.Validate().Count == 0 ? stored : EngineSettings.Defaults;
        }
        catch (JsonException)
        {
            // A hand-edited, broken row must not stop the assistant: the defaults answer until an admin saves again.
            return EngineSettings.Defaults;
        }
    }
}
