import { api } from '../../api/client.js';
import type { EpisodeOut } from '../../../shared/episodes.js';

export const episodeKey = (serviceId: string, episodeId: string) => ['episode', serviceId, episodeId] as const;
export const episodePath = (serviceId: string, episodeId: string) => `/services/${encodeURIComponent(serviceId)}/episodes/${encodeURIComponent(episodeId)}`;
export const getEpisode = (serviceId: string, episodeId: string) => api<EpisodeOut>(episodePath(serviceId, episodeId));
