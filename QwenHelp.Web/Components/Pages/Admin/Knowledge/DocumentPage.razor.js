// The document editor's text travels to the server as a stream (Blazor sends it in chunks), not inside
// one event message: that keeps every circuit, the customer widget's included, under a small SignalR
// message limit (docs/decisions/0068).

export function watch(textarea, dotnet) {
  textarea?.addEventListener('change', () => dotnet.invokeMethodAsync('ContentChanged'));
}

export function readText(textarea) {
  // Blazor turns the returned bytes into the IJSStreamReference the server asked for.
  return new TextEncoder().encode(textarea.value);
}
