import type { JournalEntriesOut, JournalEntryOut, JournalSetupOut, JournalStatus } from '../../../shared/journal.js';
import { api } from '../../api/client.js';

export const journalKey = ['journal'] as const;
export const entriesKey = (filter: 'all' | 'group') => ['journal', 'entries', filter] as const;

export const getStatus = () => api<JournalStatus>('/me/journal');
export const setupJournal = (password: string) => api<JournalSetupOut>('/me/journal/setup', { method: 'POST', body: { password } });
export const unlockJournal = (password: string) => api<JournalStatus>('/me/journal/unlock', { method: 'POST', body: { password } });
export const recoverJournal = (recoveryCode: string, password: string) => api<JournalStatus>('/me/journal/recover', { method: 'POST', body: { recoveryCode, password } });
export const lockJournal = () => api<JournalStatus>('/me/journal/lock', { method: 'POST', body: {} });
export const deleteJournal = () => api<JournalStatus>('/me/journal', { method: 'DELETE', body: { confirm: true } });
export const getEntries = (filter: 'all' | 'group') => api<JournalEntriesOut>(`/me/journal/entries${filter === 'group' ? '?forGroup=true' : ''}`);
export const createEntry = (body: unknown) => api<JournalEntryOut>('/me/journal/entries', { method: 'POST', body });
export const updateEntry = (id: string, body: unknown) => api<JournalEntryOut>(`/me/journal/entries/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const deleteEntry = (id: string) => api<void>(`/me/journal/entries/${encodeURIComponent(id)}`, { method: 'DELETE', body: {} });
/** Downloads come straight from the server (the browser saves the file). */
export const exportHref = (format: 'json' | 'text') => `/api/v1/me/journal/export${format === 'text' ? '?format=text' : ''}`;
