/**
 * Pure helpers for a stale episode edit (409 stale_version): what the other person saved, side by
 * side with what this person tried to save, and the change to send when they choose to save theirs.
 */
import { CLOSING_REASON_LABELS, EPISODE_STATUS_LABELS, GOAL_STATUS_LABELS, type EpisodeOut, type EpisodePatch, type GoalStatus } from '../../../shared/episodes.js';
import type { CompareRow } from '../../ui/StaleVersion.js';

/** What the server sends back as `current` for an episode: the fields an edit can change, and the version. */
export type EpisodeSaved = Pick<EpisodeOut, 'status' | 'goals' | 'declinedReason' | 'closingReason' | 'closingNote' | 'version'>;
/** One edit of the episode, without its version. */
export type EpisodeChange = Omit<EpisodePatch, 'version'>;

/** "Get back to the allotment (working on it); Sleep better (achieved)", or '' for none. */
export function describeGoals(goals: readonly { text: string; status: GoalStatus }[] | undefined | null): string {
  return (goals ?? []).map((g) => `${g.text.trim()} (${GOAL_STATUS_LABELS[g.status].toLowerCase()})`).join('; ');
}

type Field = 'status' | 'goals' | 'declinedReason' | 'closingReason' | 'closingNote';
const LABELS: Record<Field, string> = {
  status: 'Status',
  goals: 'What they want to work on',
  declinedReason: 'Why not, for now',
  closingReason: 'Why it ended',
  closingNote: 'About the ending',
};

function shown(field: Field, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field === 'status') return EPISODE_STATUS_LABELS[value as EpisodeOut['status']] ?? String(value);
  if (field === 'goals') return describeGoals(value as EpisodeOut['goals']);
  if (field === 'closingReason') return CLOSING_REASON_LABELS[value as keyof typeof CLOSING_REASON_LABELS] ?? String(value);
  return String(value).trim();
}

/**
 * Rows for the both-versions chooser. "Saved now" is what the other person left; "Your version" is
 * what would be saved if this person saves theirs on top (their change, over what is saved now).
 * A row appears when this person changed that field, or when the other person did (compared with
 * `seen`, the version this person was looking at).
 */
export function episodeCompareRows(current: EpisodeSaved, mine: EpisodeChange, seen: EpisodeSaved): CompareRow[] {
  return (Object.keys(LABELS) as Field[])
    .filter((field) => mine[field] !== undefined || shown(field, current[field]) !== shown(field, seen[field]))
    .map((field) => ({
      label: LABELS[field],
      theirs: shown(field, current[field]),
      yours: shown(field, mine[field] !== undefined ? mine[field] : current[field]),
    }));
}

/** The edit to send when the person chooses to save theirs again: the same change, on top of the current version. */
export const mineOnTop = (current: Pick<EpisodeSaved, 'version'>, mine: EpisodeChange): EpisodePatch => ({ ...mine, version: current.version });
