import { Link } from '@tanstack/react-router';
import { can, useSession } from '../auth/session';
import { adminItems, productAreas } from '../nav';

export function Home() {
  const session = useSession();
  const admin = adminItems.filter((i) => can(session, i.permission));
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Welcome, {session.user.name.split(' ')[0]}</h1>
          <p className="muted">Workspace {session.workspace.name}</p>
        </div>
      </header>
      <section aria-labelledby="areas-heading">
        <h2 id="areas-heading" className="section-title">
          Product areas
        </h2>
        <ul className="card-grid">
          {productAreas.map((a) => (
            <li key={a.path}>
              <Link to={a.path} className="card card-link">
                <span className="card-title">{a.label}</span>
                <span className="muted">{a.summary}</span>
                {a.ready ? null : <span className="badge">Coming</span>}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {admin.length ? (
        <section aria-labelledby="admin-heading">
          <h2 id="admin-heading" className="section-title">
            Administration
          </h2>
          <ul className="card-grid">
            {admin.map((i) => (
              <li key={i.path}>
                <Link to={i.path} className="card card-link">
                  <span className="card-title">{i.label}</span>
                  <span className="muted">{i.summary}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
