import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FilterDialog } from './FilterDialog';
import { chipsOf } from './filterChips';
import { QueryBox, type QueryError } from './QueryBox';
import { poolsQuery, useCustomFields, useStatusLabel, useUsers } from './queries';
import { SavedSearchMenu, SaveSearchDialog } from './SavedSearches';
import { type CandidateSearch, fromCriteria, SORT_LABELS, SORTS, type Sort, toCriteria } from './searchState';

interface Props {
  search: CandidateSearch;
  onSearch: (next: CandidateSearch) => void;
  queryError: QueryError | null;
  poolName: string | undefined;
  segmentName: string | undefined;
}

/** Query box, filter chips, sort and saved searches: everything that shapes the search in the URL. */
export function SearchControls({ search, onSearch, queryError, poolName, segmentName }: Props) {
  const [filtering, setFiltering] = useState(false);
  const [saving, setSaving] = useState(false);
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const { byKey } = useCustomFields();
  const pools = useQuery({ ...poolsQuery(), enabled: Boolean(search.pool) && !poolName });
  const chips = chipsOf(search, {
    statusLabel,
    ownerName: nameOf,
    poolName: (id) => poolName ?? pools.data?.items.find((p) => p.id === id)?.name ?? 'a pool',
    segmentName: (id) => segmentName ?? (id ? 'a segment' : ''),
    field: (key) => byKey.get(key),
  });
  const filterCount = chips.filter((c) => c.id !== 'segment').length;

  return (
    <section className="search-controls" aria-label="Search">
      <QueryBox
        submitted={search.q ?? ''}
        error={queryError}
        onSubmit={(q) => {
          const next = { ...search };
          // Trimmed, so that error positions count from the first character the server sees.
          if (q.trim()) next.q = q.trim();
          else delete next.q;
          onSearch(next);
        }}
      />
      <div className="search-toolbar">
        <button type="button" className="button" onClick={() => setFiltering(true)}>
          Filters{filterCount ? ` (${filterCount})` : ''}
        </button>
        {chips.length ? (
          <ul className="chips" aria-label="Active filters">
            {chips.map((c) => (
              <li key={c.id} className="chip">
                <span>
                  <span className="chip-label">{c.label}:</span> {c.value}
                </span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove filter ${c.label}: ${c.value}`}
                  onClick={() => onSearch(c.remove(search))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted small">No filters</span>
        )}
        <div className="toolbar-spacer" />
        <div className="inline-field">
          <label htmlFor="candidate-sort">Sort by</label>
          <select
            id="candidate-sort"
            value={search.sort ?? ''}
            onChange={(e) => {
              const next = { ...search };
              if (e.target.value) next.sort = e.target.value as Sort;
              else delete next.sort;
              onSearch(next);
            }}
          >
            <option value="">Default ({search.q ? 'relevance' : 'recent activity'})</option>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <SavedSearchMenu onApply={(s) => onSearch(fromCriteria(s.criteria))} />
        <button type="button" className="button" onClick={() => setSaving(true)}>
          Save search
        </button>
      </div>
      {filtering ? (
        <FilterDialog
          value={search}
          onClose={() => setFiltering(false)}
          onApply={(next) => {
            setFiltering(false);
            const keep: CandidateSearch = {};
            if (search.q) keep.q = search.q;
            if (search.sort) keep.sort = search.sort;
            if (search.segment) keep.segment = search.segment;
            onSearch({ ...next, ...keep });
          }}
        />
      ) : null}
      {saving ? <SaveSearchDialog criteria={toCriteria(search)} onClose={() => setSaving(false)} /> : null}
    </section>
  );
}
