using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using QwenHelp.Infrastructure.Knowledge.Import;
using QwenHelp.Tests.Support;

namespace QwenHelp.Tests.Unit.Security;

public class DocxBombTests
{
    /// <summary>A real .docx whose document part is replaced by <paramref name="textBytes"/> of one paragraph's text: a few hundred KB on disk.</summary>
    private static byte[] Bomb(int textBytes)
    {
        var docx = new DocxBuilder().Paragraph("placeholder").Build();
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var part = new StreamWriter(zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            part.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>");
            var block = new string('a', 64 * 1024);
            for (var written = 0; written < textBytes; written += block.Length)
            {
                part.Write(block);
            }

            part.Write("</w:t></w:r></w:p></w:body></w:document>");
        }

        return stream.ToArray();
    }

    [Fact]
    public void ADocxThatUnpacksFarBeyondTheLimitIsRefusedWithoutBeingLoaded()
    {
        var importer = new DocumentImporter(Options.Create(new ImportOptions { MaxUnpackedBytes = 8 * 1024 * 1024 }));
        var bomb = Bomb(96 * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"the test file should be small on disk, was {bomb.Length} bytes");

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DocumentImportException>(() => importer.Import("bomb.docx", bomb));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Contains("unpacks to more than 8 MB", error.Message, StringComparison.Ordinal);
        // Parsing the part would have allocated several times its 96 MB; the check streams it through a small buffer.
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while refusing the file");
    }

    [Fact]
    public void ADocxUnderTheUnpackedLimitIsStillImported()
    {
        var importer = new DocumentImporter(Options.Create(new ImportOptions { MaxUnpackedBytes = 8 * 1024 * 1024 }));

        var document = importer.Import("notes.docx", Bomb(1024 * 1024));

        Assert.True(document.Markdown.Length >= 1024 * 1024);
    }
}
