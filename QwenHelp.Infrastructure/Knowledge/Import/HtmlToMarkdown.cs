using System.Text;
using AngleSharp.Dom;

namespace QwenHelp.Infrastructure.Knowledge.Import;

/// <summary>
/// The text of an HTML page as Markdown lines: headings as <c>#</c> lines, list items as
/// <c>- </c> lines, table rows as cells joined by <c> | </c>, every block on its own line.
/// </summary>
internal static class HtmlToMarkdown
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "aside", "blockquote", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
        "tfoot", "figure", "figcaption", "address", "hr", "details", "summary", "caption",
    };

    public static void Append(INode root, StringBuilder output)
    {
        var line = new StringBuilder();
        Walk(root, output, line);
        FlushLine(output, line);
    }

    private static void Walk(INode node, StringBuilder output, StringBuilder line)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child.NodeType == NodeType.Text)
            {
                AppendCollapsed(line, child.TextContent);
                continue;
            }

            if (child is not IElement element)
            {
                continue;
            }

            var tag = element.LocalName;
            if (tag.Length == 2 && tag[0] == 'h' && tag[1] is >= '1' and <= '6')
            {
                FlushLine(output, line);
                var text = Collapse(element.TextContent);
                if (text.Length > 0)
                {
                    output.Append('#', tag[1] - '0').Append(' ').Append(text).Append("\n\n");
                }
            }
            else if (tag == "li")
            {
                FlushLine(output, line);
                line.Append("- ");
                Walk(element, output, line);
                FlushLine(output, line);
            }
            else if (tag == "tr")
            {
                FlushLine(output, line);
                var cells = element.Children.Where(c => c.LocalName is "td" or "th").Select(c => Collapse(c.TextContent)).Where(c => c.Length > 0).ToList();
                if (cells.Count > 0)
                {
                    output.Append(string.Join(" | ", cells)).Append('\n');
                }
            }
            else if (tag == "br")
            {
                FlushLine(output, line);
            }
            else if (tag == "pre")
            {
                FlushLine(output, line);
                foreach (var preLine in element.TextContent.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
                {
                    if (preLine.Trim().Length > 0)
                    {
                        output.Append(preLine.TrimEnd()).Append('\n');
                    }
                }
            }
            else if (Blocks.Contains(tag))
            {
                FlushLine(output, line);
                Walk(element, output, line);
                FlushLine(output, line);
            }
            else
            {
                Walk(element, output, line);
            }
        }
    }

    private static void FlushLine(StringBuilder output, StringBuilder line)
    {
        var text = line.ToString().Trim();
        if (text.Length > 0 && text != "-")
        {
            output.Append(text).Append('\n');
        }

        line.Clear();
    }

    private static void AppendCollapsed(StringBuilder line, string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (line.Length > 0 && line[^1] != ' ')
                {
                    line.Append(' ');
                }
            }
            else
            {
                line.Append(c);
            }
        }
    }

    private static string Collapse(string text)
    {
        var builder = new StringBuilder();
        AppendCollapsed(builder, text);
        return builder.ToString().Trim();
    }
}
