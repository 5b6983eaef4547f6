using System.Buffers.Binary;
using System.Security.Cryptography;

namespace QwenHelp.Infrastructure.Archiving;

/// <summary>
/// The key archive files are encrypted with (docs/decisions/0165): 32 bytes from
/// <c>QwenHelp:Archiving:EncryptionKey</c> (base64). <see cref="Id"/> names it in every file header, so
/// that a file read with another key fails with a message naming both instead of a bare tag mismatch.
/// </summary>
public sealed class ArchiveKey
{
    public const int Size = 32;

    private ArchiveKey(byte[] bytes)
    {
        Bytes = bytes;
        // A hash of the key, not the key: the id is written in clear into every file.
        Id = SHA256.HashData([.. "qwenhelp-archive-key-id:"u8, .. bytes])[..ArchiveEncryption.KeyIdSize];
    }

    internal byte[] Bytes { get; }

    internal byte[] Id { get; }

    public string IdHex => Convert.ToHexStringLower(Id);

    /// <summary>The key from its base64 text, or null with the reason in <paramref name="error"/>.</summary>
    public static ArchiveKey? TryParse(string base64, out string? error)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            error = "is not valid base64";
            return null;
        }

        if (bytes.Length != Size)
        {
            error = $"must be base64 of exactly {Size} bytes (it decodes to {bytes.Length}); make one with `openssl rand -base64 32`";
            return null;
        }

        error = null;
        return new ArchiveKey(bytes);
    }
}

/// <summary>
/// The encrypted archive file (docs/decisions/0165): a 28-byte header, then chunks of at most
/// <see cref="ChunkSize"/> plain bytes, each sealed on its own with AES-GCM so that neither writing nor
/// reading holds more than one chunk.
/// <code>header: "QHARCENC" | version 1 | 3 zero bytes | chunk size (int32 LE) | key id (8) | nonce prefix (4 random)
/// chunk:  plain length (int32 LE) | ciphertext | tag (16)</code>
/// The nonce of chunk i is the prefix followed by i (uint64 BE); each chunk's associated data is the whole
/// header, i and a last-chunk flag, so that chunks cannot be reordered, moved between files, or cut off
/// at the end (a file must end with exactly one chunk flagged last, which may be empty).
/// </summary>
public static class ArchiveEncryption
{
    public const int ChunkSize = 64 * 1024;
    public const int KeyIdSize = 8;
    public const int HeaderSize = 28;
    public const int TagSize = 16;
    private const int MaxChunkSize = 16 * 1024 * 1024;
    private static ReadOnlySpan<byte> Magic => "QHARCENC"u8;

    /// <summary>Whether the file starts like an encrypted archive (a plain one starts with gzip's 1f 8b).</summary>
    public static bool IsEncrypted(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    /// <summary>Reads the first bytes of a seekable stream and puts it back where it was.</summary>
    public static async Task<bool> IsEncryptedAsync(Stream file, CancellationToken cancellationToken)
    {
        var start = new byte[Magic.Length];
        var position = file.Position;
        var n = await file.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = position;
        return IsEncrypted(start.AsSpan(0, n));
    }

    /// <summary>A write-only stream that encrypts into <paramref name="output"/>; disposing it writes the last chunk.</summary>
    public static Stream Encrypt(Stream output, ArchiveKey key, bool leaveOpen) => new EncryptingStream(output, key, leaveOpen);

    /// <summary>
    /// A read-only stream of the plain bytes of an encrypted archive. The header is read and checked here,
    /// so a missing or different key fails before anything is read; a damaged chunk fails when it is reached.
    /// </summary>
    public static async Task<Stream> DecryptAsync(Stream input, ArchiveKey? key, string fileName, bool leaveOpen, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        if (await input.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken) < HeaderSize || !IsEncrypted(header))
        {
            throw new ArchiveException($"{fileName} is not an encrypted archive or its header is cut off.");
        }

        if (header[8] != 1)
        {
            throw new ArchiveException($"{fileName} is encrypted with format version {header[8]}, which this version of QwenHelp cannot read.");
        }

        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        if (chunkSize is < 1 or > MaxChunkSize)
        {
            throw new ArchiveException($"{fileName} has a damaged encryption header (chunk size {chunkSize}).");
        }

        var fileKeyId = Convert.ToHexStringLower(header.AsSpan(16, KeyIdSize));
        if (key is null)
        {
            throw new ArchiveException($"{fileName} is encrypted (key id {fileKeyId}) but no archive key is configured ({ArchivingOptions.Section}:EncryptionKey); it cannot be read. Configure the key it was written with.");
        }

        if (fileKeyId != key.IdHex)
        {
            throw new ArchiveException($"{fileName} is encrypted with key id {fileKeyId}, but the configured archive key ({ArchivingOptions.Section}:EncryptionKey) has id {key.IdHex}; it cannot be read. Configure the key it was written with.");
        }

        return new DecryptingStream(input, key, header, chunkSize, fileName, leaveOpen);
    }

    internal static byte[] AssociatedData(byte[] header, long index, bool last)
    {
        var data = new byte[HeaderSize + 9];
        header.CopyTo(data, 0);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(HeaderSize), index);
        data[^1] = last ? (byte)1 : (byte)0;
        return data;
    }

    internal static byte[] Nonce(byte[] header, long index)
    {
        var nonce = new byte[12];
        header.AsSpan(24, 4).CopyTo(nonce);
        BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(4), index);
        return nonce;
    }

    private sealed class EncryptingStream : Stream
    {
        private readonly Stream _output;
        private readonly bool _leaveOpen;
        private readonly AesGcm _aes;
        private readonly byte[] _header = new byte[HeaderSize];
        private readonly byte[] _plain = new byte[ChunkSize];
        private readonly byte[] _sealed = new byte[4 + ChunkSize + TagSize];
        private int _filled;
        private long _index;
        private bool _headerWritten;
        private bool _closed;

        public EncryptingStream(Stream output, ArchiveKey key, bool leaveOpen)
        {
            _output = output;
            _leaveOpen = leaveOpen;
            _aes = new AesGcm(key.Bytes, TagSize);
            Magic.CopyTo(_header);
            _header[8] = 1;
            BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(12), ChunkSize);
            key.Id.CopyTo(_header, 16);
            RandomNumberGenerator.Fill(_header.AsSpan(24, 4));
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_closed;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            while (buffer.Length > 0)
            {
                // A full chunk is sealed only when more bytes follow, so the last chunk is always the one flagged last.
                if (_filled == ChunkSize)
                {
                    await SealAsync(last: false, cancellationToken);
                }

                var n = Math.Min(buffer.Length, ChunkSize - _filled);
                buffer.Span[..n].CopyTo(_plain.AsSpan(_filled));
                _filled += n;
                buffer = buffer[n..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private async Task SealAsync(bool last, CancellationToken cancellationToken)
        {
            if (!_headerWritten)
            {
                await _output.WriteAsync(_header, cancellationToken);
                _headerWritten = true;
            }

            BinaryPrimitives.WriteInt32LittleEndian(_sealed, _filled);
            _aes.Encrypt(Nonce(_header, _index), _plain.AsSpan(0, _filled), _sealed.AsSpan(4, _filled), _sealed.AsSpan(4 + _filled, TagSize), AssociatedData(_header, _index, last));
            await _output.WriteAsync(_sealed.AsMemory(0, 4 + _filled + TagSize), cancellationToken);
            _index++;
            _filled = 0;
        }

        // Buffered plain bytes stay until a chunk is full or the stream is closed: a flush cannot seal a partial chunk.
        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (!_closed)
            {
                await SealAsync(last: true, CancellationToken.None);
                _closed = true;
                _aes.Dispose();
                if (!_leaveOpen)
                {
                    await _output.DisposeAsync();
                }
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                SealAsync(last: true, CancellationToken.None).GetAwaiter().GetResult();
                _closed = true;
                _aes.Dispose();
                if (!_leaveOpen)
                {
                    _output.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }

    private sealed class DecryptingStream(Stream input, ArchiveKey key, byte[] header, int chunkSize, string fileName, bool leaveOpen) : Stream
    {
        private readonly AesGcm _aes = new(key.Bytes, TagSize);
        private readonly byte[] _sealed = new byte[chunkSize + TagSize];
        private readonly byte[] _plain = new byte[chunkSize];
        private int _start;
        private int _end;
        private long _index;
        private bool _lastSeen;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_start == _end)
            {
                if (_lastSeen)
                {
                    return 0;
                }

                await OpenNextChunkAsync(cancellationToken);
            }

            var n = Math.Min(buffer.Length, _end - _start);
            _plain.AsSpan(_start, n).CopyTo(buffer.Span);
            _start += n;
            return n;
        }

        private async Task OpenNextChunkAsync(CancellationToken cancellationToken)
        {
            var lengthBytes = new byte[4];
            if (await input.ReadAtLeastAsync(lengthBytes, 4, throwOnEndOfStream: false, cancellationToken) < 4)
            {
                throw new ArchiveException($"{fileName} is cut off: it ends before its last encrypted chunk.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
            if (length < 0 || length > chunkSize)
            {
                throw new ArchiveException($"{fileName} is damaged: chunk {_index} claims {length} bytes.");
            }

            if (await input.ReadAtLeastAsync(_sealed.AsMemory(0, length + TagSize), length + TagSize, throwOnEndOfStream: false, cancellationToken) < length + TagSize)
            {
                throw new ArchiveException($"{fileName} is cut off in chunk {_index}.");
            }

            // Whether this is the last chunk is not written in clear: a chunk that opens with the "last" flag is the last one.
            var nonce = Nonce(header, _index);
            var ciphertext = _sealed.AsSpan(0, length);
            var tag = _sealed.AsSpan(length, TagSize);
            var plain = _plain.AsSpan(0, length);
            if (length == chunkSize && TryDecrypt(nonce, ciphertext, tag, plain, last: false))
            {
                _lastSeen = false;
            }
            else if (TryDecrypt(nonce, ciphertext, tag, plain, last: true))
            {
                _lastSeen = true;
                if (await input.ReadAsync(lengthBytes.AsMemory(0, 1), cancellationToken) != 0)
                {
                    throw new ArchiveException($"{fileName} is damaged: there are bytes after its last encrypted chunk.");
                }
            }
            else
            {
                throw new ArchiveException($"{fileName} is damaged or was changed: encrypted chunk {_index} does not authenticate with the configured key.");
            }

            _index++;
            _start = 0;
            _end = length;
        }

        private bool TryDecrypt(byte[] nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plain, bool last)
        {
            try
            {
                _aes.Decrypt(nonce, ciphertext, tag, plain, AssociatedData(header, _index, last));
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                if (!leaveOpen)
                {
                    input.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}
