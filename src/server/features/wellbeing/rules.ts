/**
 * Staff wellbeing rules (issue 7), pure: data in, data out, the time passed in.
 *
 * "Ask again": after a hard shift, a check-out that reads as "fine" gets one gentle second
 * question. Never after a check-in, never twice in a shift, never on the answer to the second
 * question, and never when the answer already says things are hard. docs/wellbeing.md says
 * the same in plain words.
 *
 * "This shift" runs from the worker's latest check-in, when that was within the last 12 hours;
 * otherwise (no check-in, or an older one) it is the last 12 hours.
 */

export const SHIFT_WINDOW_MS = 12 * 3_600_000;

/** When this shift started, for a check-out at `now`. */
export function shiftStart(now: number, lastCheckInAt: number | null): number {
  const window = now - SHIFT_WINDOW_MS;
  return lastCheckInAt !== null && lastCheckInAt > window && lastCheckInAt <= now ? lastCheckInAt : window;
}

/** Phrases that, on their own (with friendly filler), say "fine". Longest first when matching. */
const FINE_PHRASES = [
  'not too bad',
  'not so bad',
  'not bad',
  'no complaints',
  'nothing to report',
  'same as usual',
  'same as ever',
  'all good',
  'all fine',
  'all ok',
  'all okay',
  'all right',
  'all grand',
  'no worries',
  'no problem',
  'no problems',
  'could be worse',
  'fine',
  'ok',
  'okay',
  'k',
  'kk',
  'okey',
  'oki',
  'alright',
  'allright',
  'aight',
  'grand',
  'good',
  'great',
  'well',
  'sound',
  'fab',
  'cool',
  'sorted',
  'decent',
  'surviving',
  'usual',
  'normal',
].sort((a, b) => b.length - a.length);

const PHRASE_WORDS = new Set(FINE_PHRASES.flatMap((p) => p.split(' ')));

/** Words that add nothing either way: "yeah I'm fine thanks", "grand, cheers". */
const FILLER = new Set([
  'yeah', 'yes', 'yep', 'yup', 'ya', 'aye', 'oh', 'um', 'erm', 'er', 'hmm', 'so', 'and',
  'i', 'im', 'am', 'i\'m', 'was', 'it', 'its', 'it\'s', 'that', 'all', 'today', 'tonight', 'shift', 'the', 'a', 'really', 'pretty',
  'quite', 'just', 'honestly', 'thanks', 'thank', 'you', 'ta', 'cheers', 'mate', 'love', 'thx', 'ty', 'overall', 'mostly',
  'feeling', 'feel', 'felt', 'doing', 'went', 'been', 'be', 'll', 'i\'ll', 'ill', 'totally', 'absolutely', 'perfectly', 'very', 'too',
  'now', 'for', 'me', 'myself', 'actually', 'think', 'guess', 'suppose', 'probably', 'fairly', 'quite', 'reasonably', 'ish', 'x', 'xx', 'lol',
]);

/** Emoji and symbols that say "fine" on their own. */
const FINE_SYMBOLS = /[\u{1F44D}\u{1F44C}\u{1F642}\u{1F60A}\u{1F600}\u{1F603}\u{263A}\u{2705}\u{2714}]/gu;

/**
 * Do these words, on their own, say "fine"? Generous about how people say it ("Yeah I'm
 * fine thanks", "grand, cheers", "ok 👍", "not bad") and careful about what undoes it: any
 * other word ("fine but tired", "not fine", "wasn't ok", "fine I guess, rough night") means
 * the words say more than "fine", and we do not ask about them again.
 */
export function wordsSayFine(words: string | null | undefined): boolean {
  if (!words) return false;
  let text = words
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(FINE_SYMBOLS, ' ok ')
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/(^|\s)'+|'+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return false;
  // Stretched spellings: "fiiine", "okkk", "goooood".
  text = text
    .split(' ')
    .map((w) => {
      if (!/([a-z])\1{2,}/.test(w)) return w;
      const single = w.replace(/([a-z])\1{2,}/g, '$1');
      return PHRASE_WORDS.has(single) ? single : w.replace(/([a-z])\1{2,}/g, '$1$1');
    })
    .join(' ');
  let matched = false;
  for (const phrase of FINE_PHRASES) {
    const pattern = new RegExp(`(^| )${phrase}(?= |$)`, 'g');
    if (pattern.test(text)) {
      matched = true;
      text = text.replace(pattern, ' ').replace(/\s+/g, ' ').trim();
    }
  }
  if (!matched) return false;
  const rest = text.split(' ').filter((w) => w && !FILLER.has(w));
  return rest.length === 0;
}

/**
 * Does this answer read as "fine"? Words, when given, speak for themselves (with a scale of
 * 3 or more: "fine" beside "Finding it hard" is not fine). Without words, 4 or 5 on the
 * scale reads as fine. A bare "it was a hard shift" tick is not "fine".
 */
export function readsAsFine(answer: { scale: number | null; words: string | null }): boolean {
  const words = answer.words?.trim() ?? '';
  if (words) return wordsSayFine(words) && (answer.scale === null || answer.scale >= 3);
  return answer.scale !== null && answer.scale >= 4;
}

export interface AskAgainInput {
  now: number;
  entry: { kind: 'check_in' | 'check_out'; scale: number | null; words: string | null; hardShift: boolean; followsUpId: string | null };
  /** The worker's latest check-in before this entry, if any. */
  lastCheckInAt: number | null;
  /** Times of hard events for this worker: escalations they raised or took part in, alarms on their visits, debrief offers to them. */
  hardEventTimes: readonly number[];
  /** The worker's earlier entries (any age; only this shift's count). */
  earlierEntries: readonly { createdAt: number; hardShift: boolean; askedAgain: boolean }[];
}

export type AskAgainReason = 'check_in' | 'follow_up' | 'not_fine' | 'not_hard_shift' | 'already_asked' | 'ask';

/** Whether to gently ask once more, and why not when we do not. */
export function askAgainDecision(input: AskAgainInput): { ask: boolean; reason: AskAgainReason; shiftStartedAt: number } {
  const start = shiftStart(input.now, input.lastCheckInAt);
  const decide = (reason: AskAgainReason) => ({ ask: reason === 'ask', reason, shiftStartedAt: start });
  const { entry } = input;
  if (entry.kind !== 'check_out') return decide('check_in');
  if (entry.followsUpId) return decide('follow_up');
  if (!readsAsFine(entry)) return decide('not_fine');
  const thisShift = input.earlierEntries.filter((e) => e.createdAt >= start && e.createdAt <= input.now);
  if (thisShift.some((e) => e.askedAgain)) return decide('already_asked');
  const hard = entry.hardShift || thisShift.some((e) => e.hardShift) || input.hardEventTimes.some((t) => t >= start && t <= input.now);
  return decide(hard ? 'ask' : 'not_hard_shift');
}

/** The gentle second question: our own words, no pressure, easy to skip. */
export const ASK_AGAIN_PROMPT =
  'Thank you. It sounds like today had some hard moments. If you would like to, tell us a little more about how you are really doing: there is no right answer, and it is fine to skip this.';
