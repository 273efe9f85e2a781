/**
 * A short two-tone sound made with the Web Audio API (no audio files). Browsers may refuse sound
 * until the page has been interacted with: `beep` then answers false, and `unlockSound` (called on
 * the person's first tap or key press, or from a "Turn on sound" button) lets later beeps play.
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = typeof window === 'undefined' ? undefined : (window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext);
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

export async function unlockSound(): Promise<boolean> {
  const ctx = audio();
  if (!ctx) return false;
  try {
    if (ctx.state === 'suspended') await ctx.resume();
  } catch {
    return false;
  }
  return ctx.state === 'running';
}

/** True when the sound played (or started to). */
export function beep(): boolean {
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') {
    void ctx?.resume().catch(() => undefined);
    return false;
  }
  const start = ctx.currentTime;
  [880, 660].forEach((frequency, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const t = start + i * 0.22;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.21);
  });
  return true;
}
