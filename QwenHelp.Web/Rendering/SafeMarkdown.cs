using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace QwenHelp.Web.Rendering;

/// <summary>
/// Markdown to HTML for previews of text anyone may have written (an uploaded document): raw HTML
/// is not rendered but shown as text, and a link or image may only point at http(s), mailto or a
/// relative address — <c>javascript:</c> and <c>data:</c> URLs become <c>#</c>.
/// </summary>
public static class SafeMarkdown
{
    // Built once; a Markdig pipeline is immutable and safe to share between threads.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    public static MarkupString ToHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new MarkupString(writer.ToString());
    }

    /// <summary>Relative addresses and http, https and mailto; browsers ignore control characters and spaces inside a scheme, so this does too.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        var compact = new string(url.Where(c => c > ' ').ToArray()).ToLowerInvariant();
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var slash = compact.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon))
        {
            return true; // no scheme: relative
        }

        var scheme = compact[..colon];
        return scheme is "http" or "https" or "mailto";
    }
}
