using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Archiving;
using static QwenHelp.Tests.Integration.Archiving.ArchiveTestKit;

namespace QwenHelp.Tests.Integration.Archiving;

/// <summary>Archives at rest (docs/decisions/0165): encrypted files, plain ones still read, a lost key fails clearly and deletes nothing.</summary>
public sealed class ArchiveEncryptionTests : IDisposable
{
    private static readonly string TheKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly ArchiveFactory _app = new(encryptionKey: TheKey);

    public void Dispose() => _app.Dispose();

    private ConversationArchiver Archiver => _app.GetService<ConversationArchiver>();

    /// <summary>The same app's archiver and restorer, as they would be after a restart with another (or no) key.</summary>
    private (ConversationArchiver Archiver, ArchiveRestorer Restorer, ArchiveCatalog Catalog) WithKey(string? key)
    {
        var options = Options.Create(new ArchivingOptions { EncryptionKey = key });
        var archiver = ActivatorUtilities.CreateInstance<ConversationArchiver>(_app.Services, options);
        return (archiver, ActivatorUtilities.CreateInstance<ArchiveRestorer>(_app.Services, archiver), new ArchiveCatalog(archiver));
    }

    [Fact]
    public async Task AnArchiveWrittenWithAKeyIsNotPlainGzipOrTextAndRestoresWithTheKey()
    {
        var old = await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);

        await Archiver.ArchiveAsync(null, CancellationToken.None);

        var files = await _app.GetService<ArchiveCatalog>().ListAsync();
        Assert.Equal(2, files.Count);
        foreach (var file in files)
        {
            var path = Path.Combine(_app.ArchiveFolder, file.FileName);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(ArchiveFileStatus.Archived, file.Status);
            Assert.Equal(Sha256Of(path), file.Sha256);
            Assert.True(ArchiveEncryption.IsEncrypted(bytes));
            Assert.ThrowsAny<InvalidDataException>(() => IdsIn(path));
            // Neither the ids nor a customer's words are anywhere in the file.
            var latin = Encoding.Latin1.GetString(bytes);
            Assert.All(old, id => Assert.DoesNotContain(Key(id), latin, StringComparison.Ordinal));
            Assert.DoesNotContain("order", latin, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        foreach (var file in files)
        {
            Assert.Equal(3, (await _app.GetService<ArchiveRestorer>().RestoreAsync(file.Id, "admin", null, CancellationToken.None)).Restored);
        }

        Assert.Equal(before, await SnapshotAsync(_app));
    }

    [Fact]
    public async Task APlainArchiveWrittenBeforeAKeyWasConfiguredStillRestores()
    {
        await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);
        var plain = WithKey(null);
        await plain.Archiver.ArchiveAsync(null, CancellationToken.None);
        var files = await _app.GetService<ArchiveCatalog>().ListAsync();
        Assert.All(files, f => Assert.Equal(3, IdsIn(Path.Combine(_app.ArchiveFolder, f.FileName)).Count));

        foreach (var file in files)
        {
            await _app.GetService<ArchiveRestorer>().RestoreAsync(file.Id, "admin", null, CancellationToken.None);
        }

        Assert.Equal(before, await SnapshotAsync(_app));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithAMissingOrWrongKeyARestoreFailsClearlyAndRestoresNothing(bool wrongKey)
    {
        await SeedOldAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var file = (await _app.GetService<ArchiveCatalog>().ListAsync())[0];
        var other = WithKey(wrongKey ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : null);

        var error = await Assert.ThrowsAsync<ArchiveException>(() => other.Restorer.RestoreAsync(file.Id, "admin", null, CancellationToken.None));

        Assert.Contains(file.FileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("QwenHelp:Archiving:EncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(wrongKey ? "is encrypted with key id" : "no archive key is configured", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
        await Assert.ThrowsAsync<ArchiveException>(() => other.Catalog.OpenReadAsync(file.Id));
    }

    [Fact]
    public async Task WhenTheKeyIsLostBeforeAFileIsVerifiedVerificationFailsAndTheDayIsStillInTheDatabase()
    {
        await SeedOldAsync(_app);
        var before = await SnapshotAsync(_app);
        _app.Observer.CrashAt = ArchiveStage.Recorded;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Archiver.ArchiveAsync(null, CancellationToken.None));
        var file = (await _app.GetService<ArchiveCatalog>().ListAsync()).Single();
        var keyless = WithKey(null);

        await using (var connection = await keyless.Archiver.OpenAsync(CancellationToken.None))
        {
            var problem = await keyless.Archiver.VerifyAsync(connection, file, CancellationToken.None);
            Assert.NotNull(problem);
            Assert.Contains("no archive key is configured", problem, StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync(_app));
        Assert.Equal(ArchiveFileStatus.Written, (await _app.GetService<ArchiveCatalog>().FindAsync(file.Id))!.Status);
    }

    [Fact]
    public async Task TheDownloadGivesTheDecryptedGzipFile()
    {
        var old = await SeedOldAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var file = (await _app.GetService<ArchiveCatalog>().ListAsync()).Single(f => f.Day == "2025-03-01");

        var download = await _app.GetService<ArchiveCatalog>().OpenReadAsync(file.Id);

        Assert.NotNull(download);
        await using var content = download.Value.Content;
        await using var gzip = new GZipStream(content, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(file.ContentSha256, hash);
        Assert.All(old.Take(3), id => Assert.Contains(Key(id), text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("flip", "does not authenticate")]
    [InlineData("cut", "is cut off")]
    public async Task AChangedOrCutOffEncryptedArchiveIsNotRestored(string damage, string reason)
    {
        await SeedOldAsync(_app);
        await Archiver.ArchiveAsync(null, CancellationToken.None);
        var file = (await _app.GetService<ArchiveCatalog>().ListAsync())[0];
        var path = Path.Combine(_app.ArchiveFolder, file.FileName);
        var bytes = await File.ReadAllBytesAsync(path);
        // Cutting off the whole last chunk leaves a file of whole chunks: only the last-chunk flag tells it is short.
        bytes = damage == "cut" ? bytes[..ArchiveEncryption.HeaderSize] : bytes;
        if (damage == "flip")
        {
            bytes[^20] ^= 0x01;
        }

        await File.WriteAllBytesAsync(path, bytes);
        var restorer = WithKey(TheKey).Restorer;

        await Assert.ThrowsAsync<ArchiveException>(() => restorer.RestoreAsync(file.Id, "admin", null, CancellationToken.None));
        // The restore already stops at the changed file hash; the decryption finds the damage on its own too.
        var error = await Assert.ThrowsAsync<ArchiveException>(() => ArchiveFileFormat.ReadAsync(path, Archiver.Key, null, CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(_app, "SELECT COUNT(*) FROM conversations"));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void AKeyThatIsNotBase64Of32BytesIsRefusedWithoutEchoingIt(string key)
    {
        var options = new ArchivingOptions { EncryptionKey = key };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        var message = Assert.Single(results).ErrorMessage!;
        Assert.Contains("QwenHelp:Archiving:EncryptionKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, message, StringComparison.Ordinal);
    }
}
