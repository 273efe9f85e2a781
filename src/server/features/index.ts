import type { AppInstance } from '../http/context.js';
import authRoutes from './auth/routes.js';
import setupRoutes from './setup/routes.js';

/** Every feature's routes, registered in one place. */
export async function registerFeatures(app: AppInstance): Promise<void> {
  await setupRoutes(app);
  await authRoutes(app);
}
