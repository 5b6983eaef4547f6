using Microsoft.AspNetCore.Components;

namespace QwenHelp.Web.Components.Shared;

/// <summary>
/// The few icons the widget and the console draw, as inline SVG in the current text colour: they render
/// the same on every device (an emoji thumb is an empty box where no emoji font is installed), and as
/// constants they add no component to an open widget.
/// </summary>
public static class Icons
{
    private const string Open = """<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">""";

    public static readonly MarkupString ThumbUp = new(Open + """<path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3z"/><path d="M7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7"/></svg>""");

    public static readonly MarkupString ThumbDown = new(Open + """<path d="M17 14V3h3a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-3z"/><path d="M17 14l-4 8a3 3 0 0 1-3-3v-4H4.5a2 2 0 0 1-2-2.3l1.4-8A2 2 0 0 1 5.9 3H17"/></svg>""");

    public static readonly MarkupString Close = new(Open + """<path d="M6 6l12 12M18 6L6 18"/></svg>""");

    public static readonly MarkupString Star = new("""<svg class="icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false" fill="currentColor"><path d="M12 2.5l2.9 6 6.6.9-4.8 4.6 1.2 6.5L12 17.4l-5.9 3.1 1.2-6.5L2.5 9.4l6.6-.9z"/></svg>""");
}
