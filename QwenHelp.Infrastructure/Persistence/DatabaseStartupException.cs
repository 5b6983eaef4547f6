namespace QwenHelp.Infrastructure.Persistence;

/// <summary>The database cannot be used as configured; the message names the key or the version to look at.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);
