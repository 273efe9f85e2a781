import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from './session/session.js';
import { ErrorPage } from './features/errors/ErrorPage.js';
import { Layout } from './ui/Layout.js';
import { Loading } from './ui/Page.js';

type Lazy = () => Promise<{ default: React.ComponentType }>;
/** Each screen is its own chunk, loaded when first visited. */
const screen = (load: Lazy) => ({ lazy: async () => ({ Component: (await load()).default }) });

/** Signed-in pages: nobody else gets in, and a person still enrolling their second factor goes there first. */
function RequireSession() {
  const { data: session, isPending, isError } = useSession();
  const location = useLocation();
  if (isPending) return <Loading what="Checking you are signed in" />;
  if (isError) throw new Error('session check failed');
  if (!session) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.stage === 'enrol_mfa' && location.pathname !== '/account/second-factor') return <Navigate to="/account/second-factor" replace />;
  return <Outlet />;
}

export function createAppRouter() {
  return createBrowserRouter(
    [
      {
        element: <Layout />,
        errorElement: <ErrorPage />,
        hydrateFallbackElement: <Loading />,
        children: [
          {
            errorElement: <ErrorPage inLayout />,
            children: [
              { path: 'signin', ...screen(() => import('./features/auth/SignIn.js')) },
              { path: 'setup', ...screen(() => import('./features/setup/Setup.js')) },
              { path: 'invite', ...screen(() => import('./features/setup/Invite.js')) },
              {
                element: <RequireSession />,
                children: [
                  { index: true, ...screen(() => import('./features/home/Home.js')) },
                  { path: 'account', ...screen(() => import('./features/account/Account.js')) },
                  { path: 'account/second-factor', ...screen(() => import('./features/auth/SetupMfa.js')) },
                  { path: 'admin', ...screen(() => import('./features/admin/AdminHome.js')) },
                  { path: 'admin/organisation', ...screen(() => import('./features/admin/Organisation.js')) },
                  { path: 'admin/services', ...screen(() => import('./features/admin/Services.js')) },
                  { path: 'admin/services/new', ...screen(() => import('./features/admin/ServiceNew.js')) },
                  { path: 'admin/services/:serviceId', ...screen(() => import('./features/admin/ServiceDetail.js')) },
                  { path: 'admin/users', ...screen(() => import('./features/admin/Users.js')) },
                  { path: 'admin/users/new', ...screen(() => import('./features/admin/UserInvite.js')) },
                  { path: 'admin/users/:userId', ...screen(() => import('./features/admin/UserDetail.js')) },
                  { path: 'admin/audit', ...screen(() => import('./features/admin/Audit.js')) },
                  { path: 'directory', ...screen(() => import('./features/directory/DirectoryList.js')) },
                  { path: 'directory/new', ...screen(() => import('./features/directory/EntryNew.js')) },
                  { path: 'directory/import', ...screen(() => import('./features/directory/ImportExport.js')) },
                  { path: 'directory/:entryId', ...screen(() => import('./features/directory/EntryPage.js')) },
                  { path: 'directory/:entryId/edit', ...screen(() => import('./features/directory/EntryEdit.js')) },
                  { path: 'people', ...screen(() => import('./features/people/People.js')) },
                  { path: 'people/new', ...screen(() => import('./features/people/PersonNew.js')) },
                  { path: 'people/:personId', ...screen(() => import('./features/people/PersonPage.js')) },
                  { path: 'people/:personId/offer', ...screen(() => import('./features/episodes/OfferSupport.js')) },
                  { path: 'people/:personId/plan', ...screen(() => import('./features/plans/PlanPage.js')) },
                  { path: 'people/:personId/plan/edit', ...screen(() => import('./features/plans/PlanEditor.js')) },
                  { path: 'people/:personId/plan/versions/:number', ...screen(() => import('./features/plans/PlanVersionPage.js')) },
                  { path: 'people/:personId/plan/compare', ...screen(() => import('./features/plans/PlanCompare.js')) },
                  { path: 'people/:personId/plan/share', ...screen(() => import('./features/plans/ShareNew.js')) },
                  { path: 'people/:personId/plan/link', ...screen(() => import('./features/plans/SendLink.js')) },
                  { path: 'plans', ...screen(() => import('./features/plans/PlansHome.js')) },
                  { path: 'services/:serviceId/shared-plans', ...screen(() => import('./features/plans/SharedPlans.js')) },
                  { path: 'services/:serviceId/shared-plans/:shareId', ...screen(() => import('./features/plans/SharedPlan.js')) },
                  { path: 'services/:serviceId/break-glass', ...screen(() => import('./features/plans/EmergencyAccess.js')) },
                  { path: 'services/:serviceId/break-glass/:grantId', ...screen(() => import('./features/plans/EmergencyPlan.js')) },
                  { path: 'services/:serviceId/break-glass-reviews', ...screen(() => import('./features/plans/EmergencyReview.js')) },
                  { path: 'reports', ...screen(() => import('./features/plans/Reports.js')) },
                  { path: 'services/:serviceId/episodes/:episodeId', ...screen(() => import('./features/episodes/EpisodePage.js')) },
                  { path: 'caseload', ...screen(() => import('./features/caseload/MyPeople.js')) },
                  { path: 'caseloads', ...screen(() => import('./features/caseload/ServiceCaseloads.js')) },
                  { path: 'board', ...screen(() => import('./features/board/Boards.js')) },
                  { path: 'services/:serviceId/board', ...screen(() => import('./features/board/Board.js')) },
                  { path: 'services/:serviceId/contacts/new', ...screen(() => import('./features/contacts/RecordContact.js')) },
                  { path: 'services/:serviceId/contacts/:contactId', ...screen(() => import('./features/contacts/ContactPage.js')) },
                  { path: 'lone-working', ...screen(() => import('./features/lone-working/LoneWorking.js')) },
                  { path: 'account/safety-code', ...screen(() => import('./features/lone-working/SafetyCode.js')) },
                  { path: 'services/:serviceId/handover', ...screen(() => import('./features/lone-working/Handover.js')) },
                  { path: 'escalations/new', ...screen(() => import('./features/escalations/RaiseEscalation.js')) },
                  { path: 'services/:serviceId/escalations/:escalationId', ...screen(() => import('./features/escalations/EscalationPage.js')) },
                  { path: 'services/:serviceId/escalation-ladder', ...screen(() => import('./features/escalations/LadderEditor.js')) },
                  { path: 'wellbeing/journal', ...screen(() => import('./features/journal/Journal.js')) },
                  { path: 'wellbeing/groups', ...screen(() => import('./features/reflective-groups/Groups.js')) },
                  { path: 'wellbeing/groups/:serviceId/new', ...screen(() => import('./features/reflective-groups/GroupSessionForm.js')) },
                  { path: 'wellbeing/groups/:serviceId/:sessionId', ...screen(() => import('./features/reflective-groups/GroupSession.js')) },
                  { path: 'wellbeing/groups/:serviceId/:sessionId/edit', ...screen(() => import('./features/reflective-groups/GroupSessionForm.js')) },
                  { path: 'wellbeing', ...screen(() => import('./features/wellbeing/Wellbeing.js')) },
                  { path: 'wellbeing/plan', ...screen(() => import('./features/wellbeing/WellbeingPlan.js')) },
                  { path: 'wellbeing/shared', ...screen(() => import('./features/wellbeing/SharedWithMe.js')) },
                  { path: 'wellbeing/shared/:shareId', ...screen(() => import('./features/wellbeing/SharedItem.js')) },
                  { path: 'wellbeing/debriefs', ...screen(() => import('./features/debriefs/Debriefs.js')) },
                  { path: 'wellbeing/supervision', ...screen(() => import('./features/supervision/Supervision.js')) },
                  { path: 'wellbeing/supervision/team', ...screen(() => import('./features/supervision/SupervisionTeam.js')) },
                ],
              },
              { path: '*', ...screen(() => import('./features/errors/NotFound.js')) },
            ],
          },
        ],
      },
    ],
    { basename: '/app' },
  );
}
