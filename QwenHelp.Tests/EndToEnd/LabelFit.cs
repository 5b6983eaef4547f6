using Microsoft.Playwright;

namespace QwenHelp.Tests.EndToEnd;

/// <summary>
/// Whether a label is shown whole on one line: its text is not cut off by its own box or by the nearest
/// ancestor that hides overflow (a grid cell, a dialog), and it does not wrap onto a second line.
/// </summary>
public static class LabelFit
{
    private const string Script = """
        (elements) => elements.flatMap(el => {
          const texts = [];
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent.trim().length > 0) { texts.push(node); }
          }
          if (texts.length === 0 || el.getClientRects().length === 0) { return []; }
          const rects = texts.flatMap(node => {
            const range = document.createRange();
            range.selectNodeContents(node);
            return [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
          });
          if (rects.length === 0) { return []; }
          const label = (el.innerText || el.textContent).trim().replace(/\s+/g, ' ');
          const problems = [];
          const lineHeight = Math.min(...rects.map(r => r.height));
          const tops = rects.map(r => r.top).sort((a, b) => a - b);
          if (tops[tops.length - 1] - tops[0] > lineHeight / 2) { problems.push(`"${label}" wraps onto more than one line`); }
          const clippers = [el];
          for (let a = el.parentElement, i = 0; a && i < 6; a = a.parentElement, i++) {
            if (getComputedStyle(a).overflowX !== 'visible') { clippers.push(a); break; }
          }
          for (const box of clippers) {
            const b = box.getBoundingClientRect();
            if (rects.some(r => r.right > b.right + 1 || r.left < b.left - 1)) {
              problems.push(`"${label}" is cut off by <${box.tagName.toLowerCase()} class="${box.className}">`);
              break;
            }
          }
          return problems;
        })
        """;

    /// <returns>One line per label that is cut off or wraps; empty when all fit.</returns>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(ILocator labels) =>
        await labels.EvaluateAllAsync<string[]>(Script);
}
