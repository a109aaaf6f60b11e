import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError, api, type Problem, unwrap } from '../../api/client';
import type { BulkResult } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { stringifyPlainSearch } from '../../searchParams';
import { EnrollButton } from '../outreach/EnrollButton';
import { criteriaSelection } from '../outreach/queries';
import { BulkActions, BulkSummary, type Selection } from './BulkActions';
import { PAGE_SIZE } from './queries';
import { ResultsTable } from './ResultsTable';
import { SearchControls } from './SearchControls';
import { type CandidateSearch, toApiQuery, toCriteria } from './searchState';

interface Props {
  search: CandidateSearch;
  onSearch: (next: CandidateSearch) => void;
}

/** The candidate search screen: the search lives in the URL; paging and selection belong to one search. */
export function CandidateList({ search, onSearch }: Props) {
  const session = useSession();
  const { sort: _sort, ...criteriaOnly } = search;
  const pool = useQuery({
    queryKey: ['pool', search.pool],
    enabled: Boolean(search.pool),
    queryFn: () => unwrap(api.GET('/api/v1/pools/{id}', { params: { path: { id: search.pool ?? '' } } })),
  });
  const segment = useQuery({
    queryKey: ['saved-search', search.segment],
    enabled: Boolean(search.segment),
    queryFn: () =>
      unwrap(api.GET('/api/v1/saved-searches/{id}', { params: { path: { id: search.segment ?? '' } } })),
  });

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Candidates</h1>
          {pool.data ? (
            <p>
              Members of the pool <strong>{pool.data.name}</strong>
              {pool.data.archived ? ' (archived)' : ''} ·{' '}
              <Link to="/pools/$id/history" params={{ id: pool.data.id }}>
                Membership history
              </Link>
            </p>
          ) : segment.data ? (
            <p>
              Segment <strong>{segment.data.name}</strong>: its saved rules apply on top of what you search
              here.
            </p>
          ) : (
            <p className="muted">Search the talent database with a Boolean query and filters.</p>
          )}
        </div>
        {can(session, 'candidates:write') ? (
          <Link to="/candidates/new" className="button button-primary">
            New candidate
          </Link>
        ) : null}
      </header>
      <Results
        key={JSON.stringify(criteriaOnly) + (search.sort ?? '')}
        search={search}
        onSearch={onSearch}
        poolName={pool.data?.name}
        segmentName={segment.data?.name}
      />
    </div>
  );
}

function Results({
  search,
  onSearch,
  poolName,
  segmentName,
}: Props & {
  poolName: string | undefined;
  segmentName: string | undefined;
}) {
  const session = useSession();
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allResults, setAllResults] = useState(false);
  const [summary, setSummary] = useState<{ result: BulkResult; action: string } | null>(null);
  const cursor = cursors.at(-1);
  const query = toApiQuery(search, cursor, PAGE_SIZE);
  const results = useQuery({
    queryKey: ['candidates', query],
    queryFn: () => unwrap(api.GET('/api/v1/candidates', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const problem = results.error instanceof ApiError ? results.error.problem : null;
  // Query errors always point into the box's own query; a segment whose saved rules no longer hold, or that
  // is gone, is a problem of the segment.
  const qError =
    problem?.code === 'invalid_query' ? (problem.errors?.find((e) => e.field === 'q') ?? null) : null;
  const segmentError =
    search.segment && (problem?.code === 'invalid_segment' || problem?.code === 'saved_search_not_found')
      ? (problem ?? null)
      : null;
  const page = results.isError ? undefined : results.data;
  const items = page?.items ?? [];
  const total = page?.total ?? 0;
  const canBulk = can(session, 'candidates:write');
  const pageAll = items.length > 0 && items.every((c) => selected.has(c.id));

  const criteria = toCriteria(search);
  const selection: Selection = allResults ? { criteria } : { ids: [...selected] };
  const count = allResults ? total : selected.size;

  const toggle = (id: string, on: boolean) => {
    setAllResults(false);
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const togglePage = (on: boolean) => {
    setAllResults(false);
    setSelected((s) => {
      const next = new Set(s);
      for (const c of items)
        if (on) next.add(c.id);
        else next.delete(c.id);
      return next;
    });
  };
  const clearSelection = () => {
    setAllResults(false);
    setSelected(new Set());
  };

  return (
    <>
      <SearchControls
        search={search}
        onSearch={onSearch}
        queryError={qError}
        poolName={poolName}
        segmentName={segmentName}
      />
      {segmentError ? (
        <SegmentError
          problem={segmentError}
          name={segmentName}
          onDrop={() => {
            const { segment: _drop, ...rest } = search;
            onSearch(rest);
          }}
        />
      ) : results.error && !qError ? (
        <SearchError error={results.error} />
      ) : null}
      {page?.interpretation ? (
        <p className="interpretation">
          Query understood as: <code>{page.interpretation}</code>
        </p>
      ) : null}
      <div className="results-head">
        <p className="result-count" aria-live="polite">
          {page
            ? `${page.totalIsEstimate ? 'About ' : ''}${total.toLocaleString()} candidate${total === 1 ? '' : 's'}`
            : results.isPending
              ? 'Searching…'
              : ''}
          {results.isFetching && page ? <span className="muted small"> · updating…</span> : null}
        </p>
        {page && total > 0 ? (
          <EnrollButton
            selection={
              count > 0 && !allResults ? { candidateIds: [...selected] } : criteriaSelection(criteria)
            }
            what={
              count > 0 && !allResults
                ? `${count} selected candidate${count === 1 ? '' : 's'}`
                : `all ${total.toLocaleString()} results of this search`
            }
            label={
              count > 0 && !allResults
                ? `Enroll ${count} selected in sequence`
                : 'Enroll all results in sequence'
            }
          />
        ) : null}
        {can(session, 'candidates:export') && page && total > 0 ? (
          <a
            className="button button-small"
            href={`/api/v1/candidates/export.csv${stringifyPlainSearch(criteria)}`}
            download
          >
            Export CSV
          </a>
        ) : null}
      </div>
      {summary ? (
        <BulkSummary result={summary.result} action={summary.action} onDismiss={() => setSummary(null)} />
      ) : null}
      {canBulk && count > 0 ? (
        <BulkActions
          selection={selection}
          count={count}
          poolId={search.pool}
          onDone={(result, action) => {
            setSummary({ result, action });
            clearSelection();
          }}
        />
      ) : null}
      {canBulk && pageAll && total > items.length ? (
        <div className="select-all-note" role="status">
          {allResults ? (
            <>
              All {total.toLocaleString()} results are selected.{' '}
              {total > 1000 ? (
                <span className="muted">Bulk actions take at most 1,000; narrow the search.</span>
              ) : null}
              <button type="button" className="link-button" onClick={clearSelection}>
                Clear selection
              </button>
            </>
          ) : (
            <>
              All {items.length} candidates on this page are selected.{' '}
              <button type="button" className="link-button" onClick={() => setAllResults(true)}>
                Select all {total.toLocaleString()} results
              </button>
            </>
          )}
        </div>
      ) : null}
      <ResultsTable
        items={items}
        loading={results.isPending}
        selectable={canBulk}
        selected={selected}
        onToggle={toggle}
        onTogglePage={togglePage}
        emptyText={results.isError ? 'No results: see the error above.' : 'No candidate matches this search.'}
      />
      <nav className="pager" aria-label="Result pages">
        <button
          type="button"
          className="button"
          disabled={cursors.length === 0 || results.isFetching}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          ← Previous
        </button>
        <span className="muted">Page {cursors.length + 1}</span>
        <button
          type="button"
          className="button"
          disabled={!page?.nextCursor || results.isFetching}
          onClick={() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor as string])}
        >
          Next →
        </button>
      </nav>
    </>
  );
}

/** The search rests on a segment that is gone, or whose saved rules no longer compile. */
function SegmentError({
  problem,
  name,
  onDrop,
}: {
  problem: Problem;
  name: string | undefined;
  onDrop: () => void;
}) {
  const gone = problem.code === 'saved_search_not_found';
  const detail = problem.errors?.find((e) => e.field === 'segment')?.message;
  const which = name ? `The segment “${name}”` : 'This segment';
  return (
    <div className="alert alert-error" role="alert">
      <p>
        {gone
          ? `${which} no longer exists or is not shared with you.`
          : `${which} no longer works: its saved rules are not valid any more${detail ? ` (${detail})` : ''}.`}
      </p>
      <p>
        <button type="button" className="link-button" onClick={onDrop}>
          Search without the segment
        </button>{' '}
        · <Link to="/segments">All segments</Link>
      </p>
    </div>
  );
}

/** Filter errors name their field; anything else shows the problem's detail. */
function SearchError({ error }: { error: unknown }) {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  if (fields.length === 0) return <ErrorAlert error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      {error instanceof ApiError ? error.message : 'The search is not valid'}
      <ul>
        {fields.map((f) => (
          <li key={f.field}>
            <code>{f.field}</code> {f.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
