import { describe, expect, it } from 'vitest';
import { describeGoals, episodeCompareRows, mineOnTop, transitionCompareRows, type EpisodeSaved, type TransitionSaved } from './episode-stale.js';

const seen: EpisodeSaved = {
  status: 'accepted',
  goals: [{ id: 'g1', text: 'Get back to the allotment', status: 'working_on' }],
  declinedReason: null,
  closingReason: null,
  closingNote: null,
  version: 3,
};

describe('stale episode edits', () => {
  it('describes goals in their words with how each is going', () => {
    expect(describeGoals([])).toBe('');
    expect(describeGoals(null)).toBe('');
    expect(describeGoals([{ text: ' Sleep better ', status: 'achieved' }, { text: 'Call my sister', status: 'set_aside' }])).toBe('Sleep better (achieved); Call my sister (set aside for now)');
  });

  it('shows their goals beside mine when we both changed the goals', () => {
    const current: EpisodeSaved = { ...seen, version: 4, goals: [...seen.goals, { id: 'g2', text: 'Sleep better', status: 'working_on' }] };
    const mine = { goals: [{ id: 'g1', text: 'Get back to the allotment', status: 'working_on' as const }, { text: 'Walk by the river', status: 'working_on' as const }] };
    expect(episodeCompareRows(current, mine, seen)).toEqual([
      {
        label: 'What they want to work on',
        theirs: 'Get back to the allotment (working on it); Sleep better (working on it)',
        yours: 'Get back to the allotment (working on it); Walk by the river (working on it)',
      },
    ]);
  });

  it('also shows a field only they changed, where my version keeps theirs', () => {
    const current: EpisodeSaved = { ...seen, version: 4, status: 'closed', closingReason: 'lost_touch' };
    const rows = episodeCompareRows(current, { goals: [] }, seen);
    expect(rows.map((r) => r.label)).toEqual(['Status', 'What they want to work on', 'Why it ended']);
    expect(rows[0]).toEqual({ label: 'Status', theirs: 'Closed', yours: 'Closed' });
    expect(rows[1]).toEqual({ label: 'What they want to work on', theirs: 'Get back to the allotment (working on it)', yours: '' });
    expect(rows[2]).toEqual({ label: 'Why it ended', theirs: 'We lost touch', yours: 'We lost touch' });
  });

  it('shows a closing beside a decline', () => {
    const offered: EpisodeSaved = { ...seen, status: 'offered', goals: [] };
    const current: EpisodeSaved = { ...offered, version: 4, status: 'declined', declinedReason: 'Not right now' };
    const rows = episodeCompareRows(current, { status: 'closed', closingReason: 'other', closingNote: 'Moved away' }, offered);
    expect(rows).toEqual([
      { label: 'Status', theirs: 'Declined', yours: 'Closed' },
      { label: 'Why not, for now', theirs: 'Not right now', yours: 'Not right now' },
      { label: 'Why it ended', theirs: '', yours: 'Something else' },
      { label: 'About the ending', theirs: '', yours: 'Moved away' },
    ]);
  });

  it('saves mine again on top of the version saved now', () => {
    expect(mineOnTop({ version: 7 }, { goals: [{ text: 'Walk', status: 'working_on' }] })).toEqual({ version: 7, goals: [{ text: 'Walk', status: 'working_on' }] });
  });
});

const move: TransitionSaved = {
  toName: 'Riverside recovery college',
  toDirectoryServiceId: null,
  plannedDate: '2026-12-10',
  handoverSummary: 'Likes mornings. Walking helps.',
  shareConsent: { given: true, how: 'phone', recordedAt: '2026-11-01T10:00:00.000Z' },
  status: 'planned',
  version: 1,
};

describe('stale move-on edits', () => {
  it('shows their status beside mine, with the rest of the move as it is saved now', () => {
    const current: TransitionSaved = { ...move, status: 'done', version: 2 };
    expect(transitionCompareRows(current, { status: 'declined' })).toEqual([
      { label: 'Moving on to', theirs: 'Riverside recovery college', yours: 'Riverside recovery college' },
      { label: 'Status', theirs: 'Done', yours: 'Person decided not to' },
      { label: 'Planned for', theirs: '10 December 2026', yours: '10 December 2026' },
      { label: 'Handover summary', theirs: 'Written', yours: 'Written' },
      { label: 'Agreed to share it', theirs: 'Yes, on the phone', yours: 'Yes, on the phone' },
    ]);
  });

  it('shows what they changed besides the status, which my version keeps', () => {
    const current: TransitionSaved = { ...move, status: 'planned', plannedDate: null, handoverSummary: null, shareConsent: { given: false, how: null, recordedAt: null }, version: 3 };
    const rows = transitionCompareRows(current, { status: 'no_longer_needed' });
    expect(rows.map((r) => [r.label, r.theirs, r.yours])).toEqual([
      ['Moving on to', 'Riverside recovery college', 'Riverside recovery college'],
      ['Status', 'Planned', 'No longer needed'],
      ['Planned for', '', ''],
      ['Handover summary', '', ''],
      ['Agreed to share it', 'No', 'No'],
    ]);
  });

  it('applies every field of my change over theirs, and names a directory entry without a name', () => {
    const current: TransitionSaved = { ...move, toName: '', toDirectoryServiceId: 'or-uk:svc-42', handoverSummary: '  ', version: 2 };
    const rows = transitionCompareRows(current, { toName: 'Their GP', plannedDate: null, handoverSummary: 'Prefers phone calls', shareConsent: { given: true, how: 'in_writing' }, status: 'done' });
    expect(rows).toEqual([
      { label: 'Moving on to', theirs: 'Another service', yours: 'Their GP' },
      { label: 'Status', theirs: 'Planned', yours: 'Done' },
      { label: 'Planned for', theirs: '10 December 2026', yours: '' },
      { label: 'Handover summary', theirs: '', yours: 'Written' },
      { label: 'Agreed to share it', theirs: 'Yes, on the phone', yours: 'Yes, in writing' },
    ]);
  });

  it('saves my status again on top of the version saved now', () => {
    expect(mineOnTop({ version: 4 }, { status: 'done' as const })).toEqual({ version: 4, status: 'done' });
  });
});
