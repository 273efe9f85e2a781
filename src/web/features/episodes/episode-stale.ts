/**
 * Pure helpers for a stale episode or move-on edit (409 stale_version): what the other person saved,
 * side by side with what this person tried to save, and the change to send when they choose to save theirs.
 */
import {
  CLOSING_REASON_LABELS,
  CONSENT_HOW_LABELS,
  EPISODE_STATUS_LABELS,
  GOAL_STATUS_LABELS,
  TRANSITION_STATUS_LABELS,
  type EpisodeOut,
  type EpisodePatch,
  type GoalStatus,
  type TransitionOut,
  type TransitionPatch,
} from '../../../shared/episodes.js';
import type { CompareRow } from '../../ui/StaleVersion.js';
import { formatDate } from '../people/person-form.js';

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
export const mineOnTop = <C extends object>(current: { version: number }, mine: C): C & { version: number } => ({ ...mine, version: current.version });

/** What the server sends back as `current` for a move on: the fields an edit can change, and the version. */
export type TransitionSaved = Pick<TransitionOut, 'toName' | 'toDirectoryServiceId' | 'plannedDate' | 'handoverSummary' | 'shareConsent' | 'status' | 'version'>;
/** One edit of a move on, without its version. */
export type TransitionChange = Omit<TransitionPatch, 'version'>;

/** Where they are moving on to: the name given, or "Another service" for a directory entry only. */
const destination = (name: string | undefined, directoryId: string | null | undefined) => name?.trim() || (directoryId ? 'Another service' : '');
/** "Yes, on the phone" or "No", as the move on itself shows it. */
const consent = (c: { given: boolean; how?: keyof typeof CONSENT_HOW_LABELS | null }) => (c.given ? `Yes${c.how ? `, ${CONSENT_HOW_LABELS[c.how].toLowerCase()}` : ''}` : 'No');

/**
 * Rows for the both-versions chooser of one move on. Every row is shown (there are few, and they
 * say which move this is): "Saved now" is what the other person left; "Your version" is this
 * person's change over what is saved now. The handover summary is compared by whether there is one,
 * not by its words.
 */
export function transitionCompareRows(current: TransitionSaved, mine: TransitionChange): CompareRow[] {
  const plannedDate = mine.plannedDate !== undefined ? mine.plannedDate : current.plannedDate;
  const summary = mine.handoverSummary !== undefined ? mine.handoverSummary : current.handoverSummary;
  const row = (label: string, theirs: string, yours: string): CompareRow => ({ label, theirs, yours });
  return [
    row('Moving on to', destination(current.toName, current.toDirectoryServiceId), destination(mine.toName ?? current.toName, mine.toDirectoryServiceId !== undefined ? mine.toDirectoryServiceId : current.toDirectoryServiceId)),
    row('Status', TRANSITION_STATUS_LABELS[current.status], TRANSITION_STATUS_LABELS[mine.status ?? current.status]),
    row('Planned for', current.plannedDate ? formatDate(current.plannedDate) : '', plannedDate ? formatDate(plannedDate) : ''),
    row('Handover summary', current.handoverSummary?.trim() ? 'Written' : '', summary?.trim() ? 'Written' : ''),
    row('Agreed to share it', consent(current.shareConsent), consent(mine.shareConsent ?? current.shareConsent)),
  ];
}
