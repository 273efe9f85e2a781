import { api } from '../../api/client.js';
import type { PeopleSearchOut, PersonOut, TimelineOut } from '../../../shared/people.js';

export const personKey = (id: string) => ['person', id] as const;
export const timelineKey = (id: string) => ['person', id, 'timeline'] as const;

export const getPerson = (id: string) => api<PersonOut>(`/people/${encodeURIComponent(id)}`);
export const getTimeline = (id: string) => api<TimelineOut>(`/people/${encodeURIComponent(id)}/timeline`);

/** One search box: ten digits is an NHS number, a date is a date of birth, anything else a name. */
export function searchParamsFor(input: string): URLSearchParams | null {
  const v = input.trim();
  if (!v) return null;
  const digits = v.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return new URLSearchParams({ nhs: digits });
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new URLSearchParams({ dob: v });
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(v);
  if (uk) return new URLSearchParams({ dob: `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` });
  return new URLSearchParams({ q: v });
}

export const searchPeople = (params: URLSearchParams) => api<PeopleSearchOut>(`/people?${params.toString()}`);
