using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace QwenHelp.Infrastructure.Knowledge.Import;

/// <summary>
/// The text of a Word document as Markdown lines: paragraphs in a heading style (by style name
/// "heading N", "Title", or outline level, so documents from a Chinese Word, whose style ids are
/// numbers, work too) as <c>#</c> lines, list paragraphs as <c>- </c> lines, table rows as cells
/// joined by <c> | </c>.
/// </summary>
internal static class DocxToMarkdown
{
    public static (string? Title, string Markdown) Convert(Body body, MainDocumentPart part)
    {
        var styles = part.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];
        var output = new StringBuilder();
        string? title = null;
        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    var text = ParagraphText(paragraph);
                    if (text.Length == 0)
                    {
                        break;
                    }

                    var level = HeadingLevel(paragraph, styles);
                    if (level == 0)
                    {
                        title ??= text;
                        output.Append("# ").Append(text).Append("\n\n");
                    }
                    else if (level > 0)
                    {
                        title ??= level == 1 ? text : null;
                        output.Append('#', Math.Min(level, 6)).Append(' ').Append(text).Append("\n\n");
                    }
                    else
                    {
                        output.Append(paragraph.ParagraphProperties?.NumberingProperties is not null ? "- " : "").Append(text).Append('\n');
                    }

                    break;
                case Table table:
                    foreach (var row in table.Elements<TableRow>())
                    {
                        var cells = row.Elements<TableCell>()
                            .Select(c => string.Join(' ', c.Elements<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0)))
                            .Where(c => c.Length > 0)
                            .ToList();
                        if (cells.Count > 0)
                        {
                            output.Append(string.Join(" | ", cells)).Append('\n');
                        }
                    }

                    output.Append('\n');
                    break;
                default:
                    break;
            }
        }

        return (title, output.ToString().Trim());
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append(' ');
                    break;
                case Break or CarriageReturn:
                    text.Append(' ');
                    break;
                default:
                    break;
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>0 for the title, 1–9 for headings, −1 for body text.</summary>
    private static int HeadingLevel(Paragraph paragraph, Dictionary<string, Style> styles)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
        {
            return outline + 1;
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        for (var depth = 0; styleId is not null && depth < 5; depth++)
        {
            if (!styles.TryGetValue(styleId, out var style))
            {
                return LevelFromName(styleId);
            }

            var byName = LevelFromName(style.StyleName?.Val?.Value ?? styleId);
            if (byName >= 0)
            {
                return byName;
            }

            if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } styleOutline && styleOutline < 9)
            {
                return styleOutline + 1;
            }

            styleId = style.BasedOn?.Val?.Value;
        }

        return -1;
    }

    private static int LevelFromName(string name)
    {
        var normalized = name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        if (normalized == "title")
        {
            return 0;
        }

        return normalized.StartsWith("heading", StringComparison.Ordinal)
               && int.TryParse(normalized["heading".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9
            ? level
            : -1;
    }
}
