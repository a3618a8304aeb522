import {
  AuditOutlined,
  SolutionOutlined,
  BellOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FundOutlined,
  LogoutOutlined,
  MenuOutlined,
  ProfileOutlined,
  ProjectOutlined,
  SearchOutlined,
  SettingOutlined,
  TableOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Badge, Button, Drawer, Grid, Layout, Menu, Result, Select, Space, Spin, Typography } from 'antd';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import { api, asApiError, onUnauthorized, sessionToken, setSessionToken, type ApiError } from './api/client';
import type { Me, PlanSummary } from '@sg/contracts';
import { CountsProvider, useCountsContext } from './counts';
import { ErrorAlert } from './components/ErrorAlert';
import { LoginPage } from './pages/login/LoginPage';
import { ChangePasswordPage } from './pages/password/ChangePasswordPage';
import { navigate, useLocation } from './router';
import {
  abilitiesOf,
  homePathOf,
  roleLabel,
  SessionContext,
  useSession,
  type Abilities,
  type Session,
} from './session';

const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const MyTasksPage = lazy(() => import('./pages/tasks/MyTasksPage'));
const ReviewsPage = lazy(() => import('./pages/reviews/ReviewsPage'));
const PlanAdminPage = lazy(() => import('./pages/plan/PlanAdminPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const BriefingsPage = lazy(() => import('./pages/briefings/BriefingsPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage'));
const RectificationPage = lazy(() => import('./pages/rectification/RectificationPage'));
const PlanHealthPage = lazy(() => import('./pages/home/PlanHealthPage'));
const ProjectHomePage = lazy(() => import('./pages/home/ProjectHomePage'));
const TaskSearchPage = lazy(() => import('./pages/home/TaskSearchPage'));
const ScreenPage = lazy(() => import('./pages/screen/ScreenPage'));
const ExpertReviewPage = lazy(() => import('./pages/expert/ExpertReviewPage'));

interface PageDef {
  path: string;
  label: string;
  icon: ReactNode;
  visible: (can: Abilities) => boolean;
  render: () => ReactNode;
}

const everyone = () => true;

/** One menu entry and the page it shows at `path`. */
const page = (
  path: string,
  label: string,
  icon: ReactNode,
  visible: (can: Abilities) => boolean,
  Component: ComponentType,
): PageDef => ({ path, label, icon, visible, render: () => <Component /> });

/** Every page, and who sees it in the menu (the API enforces access either way). */
const PAGES: PageDef[] = [
  page('/', '总览', <DashboardOutlined />, everyone, DashboardPage),
  page('/health', '运行情况', <FundOutlined />, (can) => can.office || can.readsEverything, PlanHealthPage),
  page('/project', '本项目', <ProjectOutlined />, (can) => can.leadsProject, ProjectHomePage),
  page(
    '/tasks',
    '我的任务',
    <ProfileOutlined />,
    (can) => !(can.readsEverything && !can.office),
    MyTasksPage,
  ),
  page('/reviews', '待办审核', <CheckSquareOutlined />, (can) => can.reviews, ReviewsPage),
  page('/search', '任务查询', <SearchOutlined />, everyone, TaskSearchPage),
  page('/plan', '方案管理', <SettingOutlined />, (can) => can.office, PlanAdminPage),
  page('/reports', '报表', <TableOutlined />, (can) => can.readsEverything || can.reviews, ReportsPage),
  page('/briefings', '简报', <FileTextOutlined />, everyone, BriefingsPage),
  page('/campaigns', '绩效自评', <SolutionOutlined />, everyone, CampaignsPage),
  page('/rectification', '整改', <ToolOutlined />, everyone, RectificationPage),
  page(
    '/expert-review',
    '专家评审',
    <AuditOutlined />,
    (can) => can.expert || can.office || can.readsEverything,
    ExpertReviewPage,
  ),
  page('/audit', '审计', <AuditOutlined />, (can) => can.readsEverything, AuditPage),
  page('/notifications', '通知', <BellOutlined />, everyone, NotificationsPage),
];

const PLAN_KEY = 'sg.plan';

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [planId, setPlanId] = useState<string | null>(localStorage.getItem(PLAN_KEY));
  const [error, setError] = useState<ApiError | null>(null);
  const [checking, setChecking] = useState(() => sessionToken() !== null);
  /** Why the session ended, when the API ended it (expired, password changed, account disabled). */
  const [signedOut, setSignedOut] = useState<ApiError | null>(null);
  const [passwordChanged, setPasswordChanged] = useState(false);
  /** Just signed in: the first page is the role's home, not the address the login page had. */
  const [landing, setLanding] = useState(false);
  const { path } = useLocation();

  const loadPlans = useCallback(async () => {
    const { items } = await api<{ items: PlanSummary[] }>('/api/plans');
    setPlans(items);
  }, []);

  const start = useCallback(async () => {
    setError(null);
    try {
      const who = await api<Me>('/api/auth/me');
      // Until the password is changed the API answers nothing else.
      if (!who.mustChangePassword) await loadPlans();
      setMe(who);
    } catch (e) {
      const failure = asApiError(e);
      if (failure.status !== 401) setError(failure);
    } finally {
      setChecking(false);
    }
  }, [loadPlans]);

  useEffect(() => {
    if (sessionToken()) void start();
  }, [start]);

  useEffect(
    () =>
      onUnauthorized((error) => {
        setSessionToken(null);
        setMe(null);
        setSignedOut(error);
      }),
    [],
  );

  const signOut = useCallback(() => {
    void api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setSessionToken(null);
    setMe(null);
    navigate('/');
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!me) return null;
    const plan = plans.find((p) => p.planId === planId) ?? plans[plans.length - 1];
    return {
      me,
      can: abilitiesOf(me),
      plans,
      plan,
      selectPlan: (id) => {
        localStorage.setItem(PLAN_KEY, id);
        setPlanId(id);
      },
      signOut,
      reloadPlans: loadPlans,
    };
  }, [me, plans, planId, signOut, loadPlans]);

  if (checking) return <Spin fullscreen tip="正在加载…" />;
  if (error)
    return (
      <div style={{ maxWidth: 560, margin: '80px auto', padding: 16 }}>
        <ErrorAlert error={error} onRetry={() => void start()} />
      </div>
    );
  if (session?.me.mustChangePassword)
    return (
      <ChangePasswordPage
        me={session.me}
        onSignOut={signOut}
        onChanged={() => {
          // The change ended every session: sign in again with the new password.
          setSessionToken(null);
          setMe(null);
          setPasswordChanged(true);
        }}
      />
    );
  if (!session)
    return (
      <LoginPage
        notice={signedOut}
        info={passwordChanged ? '密码已修改，请用新密码登录。' : undefined}
        onSignedIn={(token) => {
          setSignedOut(null);
          setPasswordChanged(false);
          setLanding(true);
          setSessionToken(token);
          setChecking(true);
          void start();
        }}
      />
    );
  // 数据大屏: full screen, without the menu and header.
  if (path === '/screen')
    return (
      <SessionContext.Provider value={session}>
        <Suspense fallback={<Spin fullscreen tip="正在加载…" />}>
          <ScreenPage />
        </Suspense>
      </SessionContext.Provider>
    );
  return (
    <SessionContext.Provider value={session}>
      <CountsProvider>
        <Shell landing={landing} onLanded={() => setLanding(false)} />
      </CountsProvider>
    </SessionContext.Provider>
  );
}

function Shell({ landing, onLanded }: { landing: boolean; onLanded: () => void }) {
  const { path } = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const session = useSession();
  const home = homePathOf(session.me);
  useEffect(() => {
    if (!landing) return;
    onLanded();
    if (window.location.pathname === '/' && home !== '/') navigate(home, { replace: true });
  }, [landing, onLanded, home]);
  // An outside expert's account sees the expert review alone.
  const visible = PAGES.filter(
    (p) => p.visible(session.can) && (!session.can.expert || p.path === '/expert-review'),
  );
  // A layer report's own address (/campaigns/…/reports/…) is the campaigns page.
  const page = visible.find((p) => p.path === path || (p.path !== '/' && path.startsWith(`${p.path}/`)));
  // Badges: reviews waiting for me and unread notifications (a failure only hides them).
  const counts = useCountsContext();
  const badge = (p: PageDef) =>
    p.path === '/notifications' ? counts?.unread : p.path === '/reviews' ? counts?.reviews : undefined;
  const label = (p: PageDef) =>
    (badge(p) ?? 0) > 0 ? (
      <Badge count={badge(p)} size="small" offset={[12, 0]} data-testid={`badge${p.path.replace('/', '-')}`}>
        {p.label}
      </Badge>
    ) : (
      p.label
    );

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[page?.path ?? '']}
      items={visible.map((p) => ({ key: p.path, icon: p.icon, label: label(p) }))}
      onClick={({ key }) => {
        setDrawer(false);
        navigate(key + (key === '/' ? window.location.search : ''));
      }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, color: '#1f4e96' }}>双高计划建设管理</div>
          {menu}
        </Layout.Sider>
      )}
      <Drawer
        open={phone && drawer}
        placement="left"
        size={240}
        onClose={() => setDrawer(false)}
        title="双高计划建设管理"
        styles={{ body: { padding: 0 } }}
      >
        {menu}
      </Drawer>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: phone ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            height: 'auto',
            minHeight: 56,
            lineHeight: 'normal',
            flexWrap: 'wrap',
          }}
        >
          {phone && <Button icon={<MenuOutlined />} aria-label="菜单" onClick={() => setDrawer(true)} />}
          {!session.can.expert && <PlanSelect />}
          <div style={{ flex: 1 }} />
          <Space size={4} wrap>
            <Typography.Text data-testid="current-user" strong>
              {session.me.displayName}
            </Typography.Text>
            {!phone && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {session.me.roles.map(roleLabel).join('、') || '任务负责人'}
              </Typography.Text>
            )}
            <Button icon={<LogoutOutlined />} type="text" onClick={session.signOut}>
              {phone ? '' : '退出'}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 8 : 24, minWidth: 0 }}>
          <Suspense fallback={<Spin tip="正在加载页面…" style={{ display: 'block', marginTop: 48 }} />}>
            {page ? (
              page.render()
            ) : (
              <Result
                status="404"
                title="页面不存在"
                subTitle="该页面不存在，或您的角色无权访问。"
                extra={
                  <Button type="primary" onClick={() => navigate('/')}>
                    返回总览
                  </Button>
                }
              />
            )}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function PlanSelect() {
  const { plans, plan, selectPlan } = useSession();
  if (plans.length === 0) return <Typography.Text type="secondary">暂无可查看的建设方案</Typography.Text>;
  return (
    <Select
      aria-label="建设方案"
      data-testid="plan-select"
      value={plan?.planId}
      style={{ minWidth: 200, maxWidth: '60vw' }}
      options={plans.map((p) => ({ value: p.planId, label: `${p.school} · ${p.name}` }))}
      onChange={selectPlan}
    />
  );
}
