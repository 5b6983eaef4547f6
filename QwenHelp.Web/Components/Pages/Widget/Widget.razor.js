// The widget's browser side: the visitor token kept across reloads, the draft and a message typed
// while the connection is down (sent once the server answers again), scrolling, closing the frame.
const tokenKey = 'qwenhelp.visitor.v1';
const pendingKey = 'qwenhelp.pending.v1';
const draftKey = 'qwenhelp.draft.v1';
let memoryToken = null;

function storage(kind) {
  try { return kind === 'local' ? window.localStorage : window.sessionStorage; } catch { return null; }
}

export function getVisitorToken() {
  return storage('local')?.getItem(tokenKey) ?? memoryToken;
}

export function setVisitorToken(token) {
  memoryToken = token;
  try { storage('local')?.setItem(tokenKey, token); } catch { /* storage blocked: the token lives as long as the page */ }
}

export function clearPending() {
  storage('session')?.removeItem(pendingKey);
  storage('session')?.removeItem(draftKey);
}

export function start(dotnet, inputId) {
  const input = document.getElementById(inputId);
  const session = storage('session');
  if (!input || !session) { return; }

  const draft = session.getItem(draftKey);
  if (draft && !input.value) {
    input.value = draft;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  input.addEventListener('input', () => session.setItem(draftKey, input.value));
  // Capture phase: remember the message before Blazor sends it; the server clears it on arrival.
  // The browser's own submit is always cancelled here: while the circuit is down (.NET 10's
  // disconnected renderer no longer applies @onsubmit:preventDefault) it would reload the page.
  input.form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text) { session.setItem(pendingKey, JSON.stringify({ text, at: Date.now() })); }
  }, true);

  setInterval(() => {
    const raw = session.getItem(pendingKey);
    if (!raw) { return; }
    const pending = JSON.parse(raw);
    if (Date.now() - pending.at > 4000) {
      // Fails quietly while the connection is down; succeeds once it is back.
      dotnet.invokeMethodAsync('SendPendingAsync', pending.text).catch(() => { });
    }
  }, 2000);
  input.focus();
}

export function scrollToEnd(element) {
  if (element) { element.scrollTop = element.scrollHeight; }
}

export function closeWidget() {
  if (window.parent !== window) { window.parent.postMessage({ type: 'qwenhelp:close' }, '*'); }
}
