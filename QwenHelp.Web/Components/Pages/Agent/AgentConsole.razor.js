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
