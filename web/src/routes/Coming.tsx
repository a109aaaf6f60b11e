import type { Area } from '../nav';

/** An honest placeholder for a product area that is not built yet. */
export function Coming({ area }: { area: Area }) {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{area.label}</h1>
          <p className="muted">{area.summary}</p>
        </div>
        <span className="badge">Coming</span>
      </header>
      <section className="panel">
        <p>This area is not built yet. When it lands, it will offer:</p>
        <ul className="feature-list">
          {area.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
