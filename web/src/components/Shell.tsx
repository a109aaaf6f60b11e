import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { can, useSession } from '../auth/session';
import { adminItems, productAreas } from '../nav';
import { UserMenu } from './UserMenu';

/** The authenticated layout: header, left navigation, and the current screen. */
export function Shell() {
  const session = useSession();
  const [navOpen, setNavOpen] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const admin = adminItems.filter((i) => can(session, i.permission));

  useEffect(() => {
    if (pathname) setNavOpen(false);
  }, [pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="icon-button nav-toggle"
          aria-expanded={navOpen}
          aria-controls="sidenav"
          aria-label="Navigation"
          onClick={() => setNavOpen((o) => !o)}
        >
          ☰
        </button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Prospector
        </Link>
        <span className="workspace" title="Workspace">
          {session.workspace.name}
        </span>
        <div className="topbar-spacer" />
        <UserMenu session={session} />
      </header>
      <nav id="sidenav" className={navOpen ? 'sidenav sidenav-open' : 'sidenav'} aria-label="Main">
        <ul>
          <li>
            <Link
              to="/"
              activeOptions={{ exact: true }}
              activeProps={{ className: 'active', 'aria-current': 'page' }}
            >
              Home
            </Link>
          </li>
          {productAreas.map((a) => (
            <li key={a.path}>
              <Link to={a.path} activeProps={{ className: 'active', 'aria-current': 'page' }}>
                {a.label}
              </Link>
            </li>
          ))}
        </ul>
        {admin.length ? (
          <>
            <h2 className="nav-heading">Admin</h2>
            <ul>
              {admin.map((i) => (
                <li key={i.path}>
                  <Link to={i.path} activeProps={{ className: 'active', 'aria-current': 'page' }}>
                    {i.label}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
