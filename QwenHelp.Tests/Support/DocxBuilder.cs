using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace QwenHelp.Tests.Support;

/// <summary>Writes small Word documents for upload tests, the way Word stores them (styles part, heading styles, lists, tables).</summary>
public sealed class DocxBuilder
{
    private readonly List<OpenXmlElement> _body = [];
    private string? _title;

    /// <param name="styleId">A heading style's id; a Chinese Word names them "1", "2"… with the style name "heading 1".</param>
    public DocxBuilder Heading(string text, int level = 1, string? styleId = null)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = styleId ?? $"Heading{level}" }), new Run(new Text(text))));
        return this;
    }

    public DocxBuilder Paragraph(string text)
    {
        _body.Add(new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
        return this;
    }

    public DocxBuilder ListItem(string text)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new Text(text))));
        return this;
    }

    public DocxBuilder Table(params string[][] rows)
    {
        _body.Add(new Table(rows.Select(r => new TableRow(r.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))))).ToArray()));
        return this;
    }

    public DocxBuilder Title(string title)
    {
        _title = title;
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(_body.Select(e => e.CloneNode(true))));
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                Enumerable.Range(1, 3).Select(level => new Style(new StyleName { Val = $"heading {level}" }) { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" })
                    .Concat(Enumerable.Range(1, 3).Select(level => new Style(new StyleName { Val = $"heading {level}" }) { Type = StyleValues.Paragraph, StyleId = $"{level}" })));
            if (_title is not null)
            {
                document.PackageProperties.Title = _title;
            }
        }

        return stream.ToArray();
    }
}
