import { useEffect, useState } from 'preact/hooks';
import { Session, hasRole, navigate } from './lib/hooks.js';
import { ROLE_LABELS } from './lib/labels.js';
import { countUnsaved } from './lib/unsaved.js';
import { Bell } from './components/Bell.jsx';
import { Login } from './pages/Login.jsx';
import { Workbench } from './pages/Workbench.jsx';
import { NewReport } from './pages/NewReport.jsx';
import { ReportPage } from './pages/ReportPage.jsx';
import { AuditPage } from './pages/AuditPage.jsx';

// Hash routes (#/reports/12): the server serves one page, so links and reloads work without
// any server-side routing.
function parseRoute(hash) {
  const path = hash.replace(/^#/, '') || '/';
  const report = path.match(/^\/reports\/(\d+)$/);
  if (report) return { page: 'report', reportId: Number(report[1]) };
  const create = path.match(/^\/new(?:\/(annual|import|notice))?$/);
  if (create) return { page: 'new', mode: create[1] };
  const audit = path.match(/^\/audit(?:\/reports\/(\d+))?$/);
  if (audit) return { page: 'audit', reportId: audit[1] ? Number(audit[1]) : null };
  return { page: 'workbench' };
}

function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function useApiState(api) {
  const [status, setStatus] = useState(api.status);
  const [user, setUser] = useState(api.user);
  const [known, setKnown] = useState(api.sessionKnown); // whether the first resume attempt is over
  useEffect(() => {
    const offStatus = api.on('status', setStatus);
    const offUser = api.on('user', (next) => {
      setUser(next);
      setKnown(true);
    });
    // The connection may have opened between the first render and this effect: catch up.
    setStatus(api.status);
    setUser(api.user);
    setKnown(api.sessionKnown);
    return () => {
      offStatus();
      offUser();
    };
  }, [api]);
  return { status, user, known };
}

// Organisations, templates and what the report forms offer, read once per login.
function useReferenceData(api, user) {
  const [data, setData] = useState({ orgs: [], templates: [], noticeCategories: [] });
  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    Promise.all([
      api.call('org.list'),
      api.call('annual.templates').catch(() => ({ templates: [] })),
      api.call('report.options').catch(() => ({ notice_categories: [] })),
    ])
      .then(([orgs, templates, options]) => {
        if (!cancelled) {
          setData({ orgs: orgs.orgs, templates: templates.templates, noticeCategories: options.notice_categories });
        }
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [api, user?.username]);
  return data;
}

function ConnectionBanner({ status }) {
  if (status === 'online') return null;
  return (
    <div class="banner offline" role="status" data-testid="connection-banner">
      {status === 'connecting'
        ? '正在连接服务器…'
        : '网络已断开，正在重新连接。未保存的修改已暂存在本机（本浏览器中），不会丢失；连接恢复后即可保存。'}
    </div>
  );
}

// Logging out keeps unsaved edits in this browser for the same user's next login, but asks
// first, since on a shared computer the person may not come back.
function logout(api, user) {
  const unsaved = countUnsaved(user.username);
  if (unsaved > 0 && !window.confirm(`您有 ${unsaved} 份报告的修改尚未保存。仍要退出吗？（修改会保留在本浏览器中，下次登录可恢复）`)) return;
  api.logout().finally(() => navigate('#/'));
}

function TopBar({ api, user, orgs }) {
  const orgName = (id) => orgs.find((org) => org.id === id)?.name ?? id;
  const roles = user.roles.map((grant) => `${ROLE_LABELS[grant.role] ?? grant.role}·${orgName(grant.org)}`);
  return (
    <header class="topbar">
      <a class="brand" href="#/">
        公开 <span>政务公开工作台</span>
      </a>
      <nav aria-label="主导航">
        <a href="#/">工作台</a>
        {hasRole(user, 'drafter') && (
          <>
            <a href="#/new/annual">新建年度报告</a>
            <a href="#/new/notice">新建通知公告</a>
          </>
        )}
        {hasRole(user, 'auditor', 'admin') && <a href="#/audit">审计日志</a>}
      </nav>
      <div class="who">
        <Bell />
        <span class="user" title={roles.join('，')} data-testid="current-user">
          {user.display_name}
        </span>
        <button type="button" class="link" onClick={() => logout(api, user)}>
          退出
        </button>
      </div>
    </header>
  );
}

function Page({ route }) {
  switch (route.page) {
    case 'report':
      return <ReportPage key={route.reportId} reportId={route.reportId} />;
    case 'new':
      return <NewReport key={route.mode} initialMode={route.mode} />;
    case 'audit':
      return <AuditPage key={route.reportId} reportId={route.reportId} />;
    default:
      return <Workbench />;
  }
}

export function App({ api }) {
  const { status, user, known } = useApiState(api);
  const route = useRoute();
  const { orgs, templates, noticeCategories } = useReferenceData(api, user);
  const session = { api, user, orgs, templates, noticeCategories, status };
  if (!known) {
    return (
      <Session.Provider value={session}>
        <ConnectionBanner status={status} />
        <main class="loading">正在加载…</main>
      </Session.Provider>
    );
  }
  return (
    <Session.Provider value={session}>
      <ConnectionBanner status={status} />
      {user ? (
        <>
          <TopBar api={api} user={user} orgs={orgs} />
          <main>
            <Page route={route} />
          </main>
        </>
      ) : (
        <Login />
      )}
    </Session.Provider>
  );
}
