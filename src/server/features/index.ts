import type { AppInstance } from '../http/context.js';
import accountRoutes from './account/routes.js';
import authRoutes from './auth/routes.js';
import invitationRoutes from './invitations/routes.js';
import setupRoutes from './setup/routes.js';

/** Every feature's routes, registered in one place. */
export async function registerFeatures(app: AppInstance): Promise<void> {
  await setupRoutes(app);
  await authRoutes(app);
  await accountRoutes(app);
  await invitationRoutes(app);
}
