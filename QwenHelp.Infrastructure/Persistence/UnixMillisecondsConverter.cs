using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace QwenHelp.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC Unix milliseconds.</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));
