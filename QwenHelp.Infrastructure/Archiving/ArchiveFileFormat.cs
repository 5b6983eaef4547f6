using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// The archive file: gzip-compressed JSON Lines, one conversation per line with every row of every
/// table that belongs to it, column by column as stored (integers, reals, text, null; a blob as
/// <c>{"$base64": "…"}</c>):
/// <code>{"v":1,"id":"…","lastActivity":1759300000000,"tables":{"conversations":[{…}],"messages":[{…},…],"feedback":[…],…}}</code>
/// </summary>
public static class ArchiveFileFormat
{
    public const int Version = 1;
    public const string Extension = ".jsonl.gz";

    /// <summary><c>conversations-2026-10-01.jsonl.gz</c> for a day's first file, <c>conversations-2026-10-01.part2.jsonl.gz</c> for later ones.</summary>
    public static string FileName(string day, int part) => part == 1 ? $"conversations-{day}{Extension}" : $"conversations-{day}.part{part}{Extension}";

    /// <summary>Writes one conversation's line (with its newline) into <paramref name="buffer"/>.</summary>
    public static void WriteLine(ArrayBufferWriter<byte> buffer, string id, long lastActivity, IEnumerable<(string Table, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)> tables)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(tables);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("id", id);
            json.WriteNumber("lastActivity", lastActivity);
            json.WriteStartObject("tables");
            foreach (var (table, columns, rows) in tables)
            {
                json.WriteStartArray(table);
                foreach (var row in rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        json.WritePropertyName(columns[i]);
                        WriteValue(json, row[i]);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case byte[] bytes:
                json.WriteStartObject();
                json.WriteBase64String("$base64", bytes);
                json.WriteEndObject();
                break;
            default:
                throw new ArchiveException($"Unexpected value of type {value.GetType().Name} in a conversation row.");
        }
    }

    /// <summary>The value of one archived column, as SQLite should store it again.</summary>
    public static object? ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Object when value.TryGetProperty("$base64", out var b) => b.GetBytesFromBase64(),
        _ => throw new ArchiveException($"Unexpected JSON value {value.ValueKind} in an archived row."),
    };

    /// <summary>
    /// Reads a whole archive file back from disk: the SHA-256 of the file and of the JSONL inside, and
    /// each conversation line in order (passed to <paramref name="onLine"/>, which must not keep the document).
    /// An encrypted file (<see cref="ArchiveEncryption"/>) is decrypted with <paramref name="key"/>; a plain one is read as is.
    /// </summary>
    public static async Task<ArchiveFileDigest> ReadAsync(string path, ArchiveKey? key, Func<ArchiveLine, Task>? onLine, CancellationToken cancellationToken)
    {
        using var fileHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var contentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var ids = new List<string>();
        long size;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            size = file.Length;
            var encrypted = await ArchiveEncryption.IsEncryptedAsync(file, cancellationToken);
            await using var hashedFile = new HashingStream(file, fileHash, leaveOpen: true);
            await using var compressed = encrypted ? await ArchiveEncryption.DecryptAsync(hashedFile, key, Path.GetFileName(path), leaveOpen: true, cancellationToken) : hashedFile;
            await using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            await using var hashedContent = new HashingStream(gzip, contentHash, leaveOpen: true);
            using var reader = new StreamReader(hashedContent, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, 1 << 16, leaveOpen: true);
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                number++;
                ArchiveLine line;
                try
                {
                    using var document = JsonDocument.Parse(text);
                    var root = document.RootElement;
                    line = new ArchiveLine(root.GetProperty("id").GetString()!, root.GetProperty("lastActivity").GetInt64(), root.GetProperty("tables"));
                    ids.Add(line.Id);
                    foreach (var table in line.Tables.EnumerateObject())
                    {
                        counts[table.Name] = counts.GetValueOrDefault(table.Name) + table.Value.GetArrayLength();
                    }

                    if (onLine is not null)
                    {
                        await onLine(line);
                    }
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new ArchiveException($"{Path.GetFileName(path)} line {number} is not a conversation record: {e.Message}", e);
                }
            }

            // Drain what the reader left (nothing for a well-formed file) so that both hashes cover every byte.
            await hashedContent.CopyToAsync(Stream.Null, cancellationToken);
            await compressed.CopyToAsync(Stream.Null, cancellationToken);
            await hashedFile.CopyToAsync(Stream.Null, cancellationToken);
        }

        return new ArchiveFileDigest(Convert.ToHexStringLower(fileHash.GetHashAndReset()), Convert.ToHexStringLower(contentHash.GetHashAndReset()), size, ids, counts);
    }
}

/// <summary>One conversation read from an archive; <see cref="Tables"/> is valid only during the callback.</summary>
public sealed record ArchiveLine(string Id, long LastActivity, JsonElement Tables);

/// <summary>What a file on disk holds.</summary>
public sealed record ArchiveFileDigest(string Sha256, string ContentSha256, long SizeBytes, IReadOnlyList<string> ConversationIds, IReadOnlyDictionary<string, long> RowCounts);

/// <summary>Passes bytes through (either direction) and adds them to a hash.</summary>
public sealed class HashingStream(Stream inner, IncrementalHash hash, bool leaveOpen) : Stream
{
    public long BytesWritten { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        hash.AppendData(buffer, offset, n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        hash.AppendData(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        hash.AppendData(buffer, offset, count);
        BytesWritten += count;
        inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        BytesWritten += buffer.Length;
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen)
        {
            await inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
