using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Auditing;
using QwenHelp.Infrastructure.Conversations;
using QwenHelp.Infrastructure.Inference;
using QwenHelp.Infrastructure.Inference.Models;

namespace QwenHelp.Infrastructure.Configuration;

/// <summary>
/// Reads, validates and saves the model backend, generation parameters and context budget for the
/// Settings page. Saved values go to <see cref="PortalSettingsFile"/> and the configuration is
/// reloaded: generation parameters and the context budget apply to the next answer; the backend
/// and its connection apply when the app starts again (it loads the model at start-up).
/// </summary>
public sealed class ModelSettingsService(
    IConfiguration configuration,
    PortalSettingsFile file,
    IOptions<InferenceOptions> running,
    IHostEnvironment environment,
    AuditTrail audit)
{
    private readonly Lock _saving = new();

    /// <summary>The settings in force (the API key left out), and what limits changing them.</summary>
    public ModelSettingsView Get()
    {
        var current = ModelSettings.From(configuration);
        var runningSettings = ModelSettings.From(running.Value, new ConversationOptions()).ToConfiguration();
        var currentValues = current.ToConfiguration();
        var restartPending = ModelSettings.RestartKeys
            .Where(key => !string.Equals(Value(runningSettings, key), Value(currentValues, key), StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var layers = Layers();
        var locked = currentValues.Keys.Append(ModelSettings.Keys.ApiKey)
            .Select(key => (Key: key, By: layers.LockedBy(key)))
            .Where(pair => pair.By is not null)
            .ToDictionary(pair => pair.Key, pair => pair.By!, StringComparer.OrdinalIgnoreCase);
        return new ModelSettingsView(
            current with { OpenAiApiKey = null },
            HasApiKey: !string.IsNullOrEmpty(current.OpenAiApiKey),
            Locked: locked,
            RestartPending: restartPending,
            SavedInPortal: file.Read().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The problems with these settings, keyed by configuration key ("" for the whole form); empty when they can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate(ModelSettings proposed)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        var values = Changeable(proposed, Layers());
        var effective = new ConfigurationBuilder()
            .AddConfiguration(configuration, shouldDisposeConfiguration: false)
            .AddInMemoryCollection(values)
            .Build();
        var errors = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Check(effective.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions(), InferenceOptions.Section, errors);
        Check(effective.GetSection(ConversationOptions.Section).Get<ConversationOptions>() ?? new ConversationOptions(), ConversationOptions.Section, errors);

        var model = effective.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions();
        if (model.Backend == ModelBackend.Onnx && !string.IsNullOrWhiteSpace(model.Path))
        {
            var folder = Path.GetFullPath(model.Path, environment.ContentRootPath);
            var missing = new[] { GenAiConfig.FileName, "tokenizer.json" }.Where(name => !File.Exists(Path.Combine(folder, name))).ToList();
            if (!Directory.Exists(folder))
            {
                errors[ModelSettings.Keys.Path] = $"The model folder '{folder}' does not exist on this machine.";
            }
            else if (missing.Count > 0)
            {
                errors[ModelSettings.Keys.Path] = $"The model folder '{folder}' has no {string.Join(" or ", missing)}: it is not an onnxruntime-genai model export.";
            }
        }

        return errors;
    }

    /// <summary>Validates and saves; returns the problems (nothing is saved when there are any).</summary>
    /// <exception cref="IOException">The settings file cannot be written (e.g. the disk is full); the previous settings stay in force.</exception>
    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(ModelSettings proposed, string actor, CancellationToken cancellationToken = default)
    {
        var errors = Validate(proposed);
        if (errors.Count > 0)
        {
            return errors;
        }

        var before = ModelSettings.From(configuration);
        lock (_saving)
        {
            var layers = Layers();
            var saved = file.Read().ToDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in Changeable(proposed, layers))
            {
                if (string.Equals(value ?? "", layers.BaseValue(key) ?? "", StringComparison.Ordinal))
                {
                    saved.Remove(key);
                }
                else
                {
                    saved[key] = value;
                }
            }

            file.Write(saved);
            ((IConfigurationRoot)configuration).Reload();
        }

        var after = ModelSettings.From(configuration);
        await audit.RecordAsync(actor, "settings.model.update", "model-settings", Describe(before, after), cancellationToken);
        return errors;
    }

    /// <summary>Forgets everything saved from the portal: configuration alone decides again.</summary>
    public async Task ResetAsync(string actor, CancellationToken cancellationToken = default)
    {
        lock (_saving)
        {
            file.Write(new Dictionary<string, string?>());
            ((IConfigurationRoot)configuration).Reload();
        }

        await audit.RecordAsync(actor, "settings.model.reset", "model-settings", cancellationToken: cancellationToken);
    }

    /// <summary>The proposed values except those a higher source (environment, command line) decides.</summary>
    private static Dictionary<string, string?> Changeable(ModelSettings proposed, ConfigurationLayers layers) =>
        proposed.ToConfiguration().Where(pair => layers.LockedBy(pair.Key) is null).ToDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration's sources as they are now, and where the portal file stands among them.</summary>
    private ConfigurationLayers Layers()
    {
        var providers = ((IConfigurationRoot)configuration).Providers.ToList();
        var portal = providers.FindIndex(p => p is JsonConfigurationProvider json && ReferenceEquals(json.Source, file.Source));
        return portal < 0
            ? throw new InvalidOperationException("The portal settings file is not part of the configuration: call AddPortalSettings().")
            : new ConfigurationLayers(providers, portal);
    }

    /// <summary>The configuration providers in precedence order (last wins) and the index of the portal file's.</summary>
    private sealed class ConfigurationLayers(IReadOnlyList<IConfigurationProvider> providers, int portal)
    {
        /// <summary>The source above the portal file that sets this key, in words; null when the portal decides it.</summary>
        public string? LockedBy(string key)
        {
            for (var i = providers.Count - 1; i > portal; i--)
            {
                if (providers[i].TryGet(key, out _))
                {
                    var name = providers[i].GetType().Name;
                    return name.Contains("EnvironmentVariables", StringComparison.Ordinal) ? "environment variable " + key.Replace(":", "__", StringComparison.Ordinal)
                        : name.Contains("CommandLine", StringComparison.Ordinal) ? "command line --" + key
                        : name.Replace("ConfigurationProvider", "", StringComparison.Ordinal) + " configuration";
                }
            }

            return null;
        }

        /// <summary>The value the sources below the portal file give this key.</summary>
        public string? BaseValue(string key)
        {
            for (var i = portal - 1; i >= 0; i--)
            {
                if (providers[i].TryGet(key, out var value))
                {
                    return value;
                }
            }

            return null;
        }
    }

    private static void Check(object options, string section, Dictionary<string, string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault();
            var key = member is null ? "" : section + ":" + member.Replace('.', ':');
            errors[key] = errors.TryGetValue(key, out var earlier) ? earlier + " " + result.ErrorMessage : result.ErrorMessage ?? "invalid";
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string?> values, string key) => values.TryGetValue(key, out var value) ? value : null;

    /// <summary>What changed, for the audit log (the API key's value never appears).</summary>
    private static string Describe(ModelSettings before, ModelSettings after)
    {
        var old = before.ToConfiguration();
        var changes = after.ToConfiguration()
            .Where(pair => !string.Equals(Value(old, pair.Key), pair.Value, StringComparison.Ordinal))
            .Select(pair => pair.Key == ModelSettings.Keys.ApiKey
                ? "OpenAI API key changed"
                : $"{pair.Key[(pair.Key.LastIndexOf(':') + 1)..]} {Shown(Value(old, pair.Key))} → {Shown(pair.Value)}")
            .ToList();
        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }

    private static string Shown(string? value) => string.IsNullOrEmpty(value) ? "(default)" : value;
}

/// <summary>The Settings page's view of the model settings.</summary>
/// <param name="Settings">In force now (saved values included); the API key is left out.</param>
/// <param name="HasApiKey">Whether an OpenAI-compatible API key is set.</param>
/// <param name="Locked">Keys decided by a source above the portal (environment, command line), with that source in words.</param>
/// <param name="RestartPending">Start-up keys saved but not yet in force (the app must start again).</param>
/// <param name="SavedInPortal">Keys the portal settings file sets.</param>
public sealed record ModelSettingsView(
    ModelSettings Settings,
    bool HasApiKey,
    IReadOnlyDictionary<string, string> Locked,
    IReadOnlySet<string> RestartPending,
    IReadOnlySet<string> SavedInPortal);
