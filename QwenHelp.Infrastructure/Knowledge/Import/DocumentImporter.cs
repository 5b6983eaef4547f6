using System.Text;
using System.Xml;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Options;
using QwenHelp.Domain.Knowledge;
using QwenHelp.Domain.Text;
using QwenHelp.Infrastructure.Seeding;

namespace QwenHelp.Infrastructure.Knowledge.Import;

/// <summary>
/// Turns an uploaded file into a knowledge document's text (Markdown: headings kept as <c>#</c>
/// lines, so the chunker sees the sections): Markdown and plain text as they are, HTML through
/// AngleSharp, Word through DocumentFormat.OpenXml. Anything else, or a file that is not what its
/// name says, is refused with a message that says what is wrong; nothing is stored.
/// </summary>
public sealed class DocumentImporter(IOptions<ImportOptions> options)
{
    public static IReadOnlyList<string> SupportedExtensions { get; } = [".md", ".markdown", ".txt", ".text", ".html", ".htm", ".docx"];

    /// <exception cref="DocumentImportException">The file is empty, too large, of an unsupported type, or corrupt.</exception>
    public ImportedDocument Import(string fileName, ReadOnlySpan<byte> content)
    {
        var name = Path.GetFileName(fileName ?? "");
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (!SupportedExtensions.Contains(extension))
        {
            var hint = extension is ".doc" ? " Save it as .docx in Word first." : extension is ".pdf" ? " Copy its text into a .txt or .md file first." : "";
            throw new DocumentImportException(
                $"'{name}' is not a supported type{(extension.Length > 0 ? $" ({extension})" : "")}. Upload Markdown (.md), text (.txt), HTML (.html) or Word (.docx).{hint}");
        }

        if (content.IsEmpty)
        {
            throw new DocumentImportException($"'{name}' is empty.");
        }

        if (content.Length > options.Value.MaxBytes)
        {
            throw new DocumentImportException($"'{name}' is {content.Length / 1024:N0} KB; the limit is {options.Value.MaxBytes / 1024:N0} KB.");
        }

        var fallbackTitle = Path.GetFileNameWithoutExtension(name).Trim();
        var (title, markdown, contentType) = extension switch
        {
            ".md" or ".markdown" => FromMarkdown(DecodeText(name, content), fallbackTitle),
            ".txt" or ".text" => (fallbackTitle, DecodeText(name, content).Trim(), "text/plain"),
            ".html" or ".htm" => FromHtml(DecodeText(name, content), fallbackTitle),
            _ => FromDocx(name, content.ToArray(), fallbackTitle),
        };

        if (string.IsNullOrWhiteSpace(markdown))
        {
            throw new DocumentImportException($"'{name}' has no text to index.");
        }

        title = string.IsNullOrWhiteSpace(title) ? (fallbackTitle.Length > 0 ? fallbackTitle : "Untitled") : title.Trim();
        if (title.Length > KnowledgeDocumentRules.MaxTitleLength)
        {
            title = title[..KnowledgeDocumentRules.MaxTitleLength];
        }

        var sample = markdown.Length > 4000 ? markdown[..4000] : markdown;
        return new ImportedDocument(title, markdown, contentType, LanguageDetector.Detect(sample));
    }

    /// <summary>UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or GB18030 (files saved by Chinese Windows).</summary>
    private static string DecodeText(string name, ReadOnlySpan<byte> content)
    {
        if (content.IndexOf((byte)0) >= 0 && !(content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF))))
        {
            throw new DocumentImportException($"'{name}' is not a text file (it contains binary data).");
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }
        else if (content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(content[2..]);
        }
        else if (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(content[2..]);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            try
            {
                return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(content);
            }
            catch (DecoderFallbackException)
            {
                throw new DocumentImportException($"'{name}' is neither UTF-8 nor GB18030 text.");
            }
        }
    }

    private static (string? Title, string Markdown, string ContentType) FromMarkdown(string text, string fallbackTitle)
    {
        var (header, body) = FrontMatter.Split(text);
        var title = header.GetValueOrDefault("title")
            ?? body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..]
            ?? fallbackTitle;
        return (title, body.Trim(), "text/markdown");
    }

    private static (string? Title, string Markdown, string ContentType) FromHtml(string html, string fallbackTitle)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("script, style, noscript, template, nav, header, footer, iframe, svg, form").ToList())
        {
            element.Remove();
        }

        var markdown = new StringBuilder();
        if (document.Body is { } body)
        {
            HtmlToMarkdown.Append(body, markdown);
        }

        var title = document.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            title = document.QuerySelector("h1")?.TextContent.Trim();
        }

        return (string.IsNullOrEmpty(title) ? fallbackTitle : title, markdown.ToString().Trim(), "text/html");
    }

    private (string? Title, string Markdown, string ContentType) FromDocx(string name, byte[] content, string fallbackTitle)
    {
        try
        {
            CheckUnpackedSize(name, content, options.Value.MaxUnpackedBytes);
            using var stream = new MemoryStream(content, writable: false);
            // The SDK's own cap on a part's XML: a second guard behind the unpacked-size check.
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = options.Value.MaxUnpackedBytes });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentImportException($"'{name}' is a Word package without a document body.");
            var (title, markdown) = DocxToMarkdown.Convert(body, document.MainDocumentPart!);
            var coreTitle = document.PackageProperties.Title;
            return (string.IsNullOrWhiteSpace(coreTitle) ? title ?? fallbackTitle : coreTitle, markdown, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException or IOException
                                      or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new DocumentImportException($"'{name}' is not a valid Word document (.docx): it may be damaged, or a different format renamed. ({e.Message})", e);
        }
    }

    /// <summary>
    /// A .docx is a zip: a 620 KB file can unpack to 200 MB of XML, which the SDK would load as a tree
    /// (+2 GB). Every entry is decompressed here, counted and thrown away, before anything is parsed;
    /// the declared sizes in the zip's directory are not trusted.
    /// </summary>
    private static void CheckUnpackedSize(string name, byte[] content, long maxUnpackedBytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
        var buffer = new byte[81920];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (total + entry.Length > maxUnpackedBytes)
            {
                throw TooBig();
            }

            using var data = entry.Open();
            int read;
            while ((read = data.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > maxUnpackedBytes)
                {
                    throw TooBig();
                }
            }
        }

        DocumentImportException TooBig() => new(
            $"'{name}' unpacks to more than {maxUnpackedBytes / (1024 * 1024):N0} MB; a Word document that size is not a knowledge article. Split it, or save it without embedded media.");
    }
}

/// <summary>Limits on uploads. Bound from <c>QwenHelp:Knowledge:Import</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "QwenHelp:Knowledge:Import";

    /// <summary>Largest file accepted, in bytes.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 1L << 30)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most bytes a .docx may unpack to (all its parts together); more is refused before parsing.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 1L << 31)]
    public long MaxUnpackedBytes { get; set; } = 64 * 1024 * 1024;
}

/// <summary>An uploaded file as a document's text.</summary>
/// <param name="Markdown">The text, with headings as Markdown <c>#</c> lines.</param>
/// <param name="ContentType">The original format's media type.</param>
/// <param name="Language">Detected from the text: <c>zh</c> or <c>en</c>.</param>
public sealed record ImportedDocument(string Title, string Markdown, string ContentType, string Language);

/// <summary>An upload that cannot be imported; the message says why in words an admin understands.</summary>
public sealed class DocumentImportException : Exception
{
    public DocumentImportException()
    {
    }

    public DocumentImportException(string message)
        : base(message)
    {
    }

    public DocumentImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
