import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DirectoryEntryOut, DirectoryListOut, DirectoryStatus } from '../../../shared/directory/entries.js';
import { DIRECTORY_STATUSES } from '../../../shared/directory/entries.js';
import type { Role } from '../../../shared/roles.js';
import { api } from '../../api/client.js';

/** Who keeps the directory (the server decides; this only hides buttons). */
export const DIRECTORY_EDITORS: readonly Role[] = ['org_admin', 'service_manager'];
/** Import and export: the same people who keep it (the server's directory.manage). */
export const DIRECTORY_ADMINS: readonly Role[] = DIRECTORY_EDITORS;
/** Every staff role may read the directory, to signpost people. */
export const DIRECTORY_READERS: readonly Role[] = ['peer_worker', 'senior_peer', 'shift_lead', 'service_manager', 'clinical_partner', 'commissioner', 'org_admin'];

export const directoryKey = ['directory'] as const;
export const entryKey = (id: string) => ['directory', 'entry', id] as const;
export const PER_PAGE = 25;

/** The list screen's filters, as kept in the address bar. */
export interface ListFilters {
  q: string;
  taxonomy: string;
  status: DirectoryStatus | '';
  stale: boolean;
  page: number;
}

export function filtersFrom(params: URLSearchParams): ListFilters {
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    taxonomy: params.get('taxonomy') ?? '',
    status: (DIRECTORY_STATUSES as readonly string[]).includes(status) ? (status as DirectoryStatus) : '',
    stale: params.get('stale') === 'true',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The address-bar form of the filters (defaults left out). */
export function paramsFrom(f: Partial<ListFilters>): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q?.trim()) p.set('q', f.q.trim());
  if (f.taxonomy) p.set('taxonomy', f.taxonomy);
  if (f.status) p.set('status', f.status);
  if (f.stale) p.set('stale', 'true');
  if (f.page && f.page > 1) p.set('page', String(f.page));
  return p;
}

/** The API path for a page of entries. */
export function listPath(f: Partial<ListFilters>, perPage = PER_PAGE): string {
  const p = paramsFrom(f);
  p.set('perPage', String(perPage));
  return `/directory?${p.toString()}`;
}

export const useDirectoryList = (f: Partial<ListFilters>, perPage = PER_PAGE, enabled = true) =>
  useQuery({ queryKey: [...directoryKey, 'list', listPath(f, perPage)], queryFn: () => api<DirectoryListOut>(listPath(f, perPage)), placeholderData: keepPreviousData, enabled });

export const useEntry = (id: string, enabled = true) =>
  useQuery({ queryKey: entryKey(id), queryFn: () => api<DirectoryEntryOut>(`/directory/${encodeURIComponent(id)}`), enabled: enabled && id !== '' });

/** Pages needed for `total` entries. */
export const pageCount = (total: number, perPage: number): number => Math.max(1, Math.ceil(total / perPage));

/** The server's routes for changes (one place, so they match src/server/features/directory/routes.ts). */
export const ROUTES = {
  create: { method: 'POST', path: () => '/directory' },
  update: { method: 'PUT', path: (id: string) => `/directory/${encodeURIComponent(id)}` },
  checked: { method: 'POST', path: (id: string) => `/directory/${encodeURIComponent(id)}/checked` },
  archive: { method: 'POST', path: (id: string) => `/directory/${encodeURIComponent(id)}/archive` },
  import: { method: 'POST', path: (q: { dryRun: boolean; skipInvalid: boolean }) => `/directory/import?dryRun=${q.dryRun}&skipInvalid=${q.skipInvalid}` },
  export: { method: 'GET', path: () => '/api/v1/directory/export' },
} as const;
