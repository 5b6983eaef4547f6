using System.Buffers;
using System.Text.Json;
using QwenHelp.Infrastructure.Archiving;

namespace QwenHelp.Tests.Unit.Archiving;

public class ArchiveFileFormatTests
{
    [Fact]
    public void EveryStorageClassComesBackAsItWasWritten()
    {
        object?[] row = [42L, 0.1 + 0.2, 3.0, "退货 \"quoted\" \n line", null, new byte[] { 0, 1, 254, 255 }, long.MinValue];
        string[] columns = ["i", "r", "whole", "t", "n", "b", "min"];
        var buffer = new ArrayBufferWriter<byte>();

        ArchiveFileFormat.WriteLine(buffer, "ID-1", 1759300000000, [("t", columns, [row])]);

        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(text);
        var read = json.RootElement.GetProperty("tables").GetProperty("t")[0];
        Assert.Equal(42L, ArchiveFileFormat.ReadValue(read.GetProperty("i")));
        Assert.Equal(0.1 + 0.2, ArchiveFileFormat.ReadValue(read.GetProperty("r")));
        Assert.Equal("退货 \"quoted\" \n line", ArchiveFileFormat.ReadValue(read.GetProperty("t")));
        Assert.Null(ArchiveFileFormat.ReadValue(read.GetProperty("n")));
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, ArchiveFileFormat.ReadValue(read.GetProperty("b")));
        Assert.Equal(long.MinValue, ArchiveFileFormat.ReadValue(read.GetProperty("min")));
        // A whole real is written as 3 and read as an integer: SQLite's REAL affinity stores it as 3.0 again.
        Assert.Equal(3L, ArchiveFileFormat.ReadValue(read.GetProperty("whole")));
        Assert.Equal("ID-1", json.RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("2026-10-01", 1, "conversations-2026-10-01.jsonl.gz")]
    [InlineData("2026-10-01", 3, "conversations-2026-10-01.part3.jsonl.gz")]
    public void DayFilesAreNamedByDayAndPart(string day, int part, string expected) => Assert.Equal(expected, ArchiveFileFormat.FileName(day, part));

    [Fact]
    public void TheCutoffIsMidnightUtcOfTodayMinusTheRetention() =>
        Assert.Equal(DateTimeOffset.Parse("2026-10-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ConversationArchiver.Cutoff(DateTimeOffset.Parse("2026-11-21T15:20:00+08:00", System.Globalization.CultureInfo.InvariantCulture), 30));
}
