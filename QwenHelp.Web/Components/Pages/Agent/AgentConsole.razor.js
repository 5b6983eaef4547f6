// A short two-note chime when a new conversation starts waiting (the browser may mute it until the page was clicked).
export function chime() {
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    [660, 880].forEach((frequency, i) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, audio.currentTime + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + i * 0.15 + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + i * 0.15);
      oscillator.stop(audio.currentTime + i * 0.15 + 0.15);
    });
  } catch { /* no audio: the badge and the title still show the count */ }
}

const soundKey = 'qwenhelp.agent.sound';

export function soundOn() {
  try { return localStorage.getItem(soundKey) !== 'off'; } catch { return true; }
}

export function setSound(on) {
  try { localStorage.setItem(soundKey, on ? 'on' : 'off'); } catch { /* storage blocked: the choice lasts this page only */ }
}

// The app's <head> is rendered once on the server; the queue count in the tab title is kept here.
export function setTitle(title) {
  document.title = title;
}

// The open transcript follows new messages while the agent is at its end, and stays put while they read back.
// Watching the DOM (not a call per render) also catches messages that arrive from the live feed.
export function follow(container) {
  let transcript = null;
  let conversation = null;
  let atEnd = true;
  const onScroll = () => {
    atEnd = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 48;
  };
  const update = () => {
    const current = container.querySelector('.agent-transcript');
    if (current !== transcript) {
      transcript?.removeEventListener('scroll', onScroll);
      transcript = current;
      transcript?.addEventListener('scroll', onScroll);
      atEnd = true;
    }
    if (!transcript) {
      return;
    }
    const opened = transcript.getAttribute('data-conversation');
    if (opened !== conversation) {
      conversation = opened;
      atEnd = true;
    }
    if (atEnd) {
      transcript.scrollTop = transcript.scrollHeight;
    }
  };
  new MutationObserver(update).observe(container, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-conversation'] });
  update();
}
