import type { AppInstance } from '../http/context.js';
import accountRoutes from './account/routes.js';
import authRoutes from './auth/routes.js';
import invitationRoutes from './invitations/routes.js';
import setupRoutes from './setup/routes.js';
import organisationRoutes from './organisation/routes.js';
import servicesRoutes from './services/routes.js';
import teamsRoutes from './teams/routes.js';
import usersRoutes from './users/routes.js';
import auditRoutes from './audit/routes.js';
import contactsRoutes from './contacts/routes.js';
import boardRoutes from './board/routes.js';
import peopleRoutes from './people/routes.js';
import episodeRoutes from './episodes/routes.js';
import caseloadRoutes from './caseload/routes.js';
import directoryRoutes from './directory/routes.js';
import planRoutes from './plans/routes.js';
import planPartnerRoutes from './plan-partners/routes.js';
import planExportRoutes from './plan-export/routes.js';
import planLinkRoutes from './plan-links/routes.js';
import alertRoutes from './alerts/routes.js';
import loneWorkingRoutes from './lone-working/routes.js';
import escalationRoutes from './escalations/routes.js';
import debriefRoutes from './debriefs/routes.js';
import supervisionRoutes from './supervision/routes.js';
import wellbeingRoutes from './wellbeing/routes.js';
import publicRoutes from '../public/routes.js';

/** Every feature's routes, registered in one place. */
export async function registerFeatures(app: AppInstance): Promise<void> {
  await setupRoutes(app);
  await authRoutes(app);
  await accountRoutes(app);
  await invitationRoutes(app);
  await organisationRoutes(app);
  await servicesRoutes(app);
  await teamsRoutes(app);
  await usersRoutes(app);
  await auditRoutes(app);
  await contactsRoutes(app);
  await boardRoutes(app);
  await peopleRoutes(app);
  await episodeRoutes(app);
  await caseloadRoutes(app);
  await directoryRoutes(app);
  await planRoutes(app);
  await planPartnerRoutes(app);
  await planExportRoutes(app);
  await planLinkRoutes(app);
  await alertRoutes(app);
  await loneWorkingRoutes(app);
  await escalationRoutes(app);
  await debriefRoutes(app);
  await supervisionRoutes(app);
  await wellbeingRoutes(app);
  // The public help pages (server-rendered HTML, no sign-in): src/server/public/.
  await publicRoutes(app);
}
