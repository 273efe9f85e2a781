import type { ServiceType } from '../../../shared/roles.js';
import type { OpeningHours } from '../../../shared/opening-hours.js';
import { DAYS, formFromOpeningHours, openingHoursFromForm, type OpeningHoursForm } from './opening-hours-form.js';

export interface ServiceFormState {
  name: string;
  slug: string;
  type: ServiceType;
  area: string;
  description: string;
  sessionLimit: string;
  hours: OpeningHoursForm;
}

export interface ServiceBody {
  name: string;
  slug: string;
  type: ServiceType;
  area: string;
  description: string;
  openingHours: OpeningHours;
  sessionLimit: number;
}

export const FIELD_ORDER = ['name', 'slug', 'type', 'area', 'description', 'sessionLimit', 'hours'];
/** Server field paths that have a different name in the form. */
export const FIELD_ALIASES: Record<string, string> = { openingHours: 'hours', 'openingHours.weekly.': 'hours.', 'openingHours.': 'hours.' };

export function newServiceForm(): ServiceFormState {
  return { name: '', slug: '', type: 'safe_haven', area: '', description: '', sessionLimit: '10', hours: formFromOpeningHours({ open247: false, open365: true, weekly: Object.fromEntries(DAYS.map((d) => [d, [{ opens: '18:00', closes: '23:00' }]])) as OpeningHours['weekly'] }) };
}

export function serviceFormFrom(s: ServiceBody): ServiceFormState {
  return { name: s.name, slug: s.slug, type: s.type, area: s.area, description: s.description ?? '', sessionLimit: String(s.sessionLimit), hours: formFromOpeningHours(s.openingHours) };
}

/** A web address name from a service name: "St Mary’s Crisis Café" → "st-marys-crisis-cafe". */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** Checks the form and builds the request body, or returns field errors named as in the form. */
export function serviceBodyFromForm(form: ServiceFormState): { ok: true; value: ServiceBody } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Enter the service’s name';
  if (!form.slug.trim()) errors.slug = 'Enter a web address name, like north-safe-haven';
  else if (!/^[a-z0-9-]{2,60}$/.test(form.slug.trim())) errors.slug = 'Use 2 to 60 lower-case letters, numbers and hyphens, like north-safe-haven';
  if (!form.area.trim()) errors.area = 'Enter the area the service covers';
  const limit = Number(form.sessionLimit.trim());
  if (!/^\d+$/.test(form.sessionLimit.trim()) || limit < 1 || limit > 100) errors.sessionLimit = 'Enter a whole number from 1 to 100';
  const hours = openingHoursFromForm(form.hours);
  if (!hours.ok) Object.assign(errors, hours.errors);
  if (Object.keys(errors).length > 0 || !hours.ok) return { ok: false, errors };
  return {
    ok: true,
    value: { name: form.name.trim(), slug: form.slug.trim(), type: form.type, area: form.area.trim(), description: form.description.trim(), openingHours: hours.value, sessionLimit: limit },
  };
}
