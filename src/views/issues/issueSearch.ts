// What one keystroke in Search Issues runs, without VS Code: the typed text as an FTS5 query, the search in the
// database worker, a phrase fallback for invalid syntax. bench:ui times it through the worker as the view pays it.
import { markRanges, toFtsQuery } from '../../core/issues/format';
import type { SearchHit } from '../../core/model/issue';
import { phraseQuery } from '../../core/model/issue';
import type { RemoteStore } from '../../storage/store';

export const SEARCH_LIMIT = 50;

export interface IssueSearchResult {
  /** The FTS5 query that ran. */
  query: string;
  /** `title` and `snippet` mark the matches ‹like this›; `titleText` and `snippetText` are the same, unmarked. */
  hits: Array<{ id: string; title: string; snippet: string; titleText: string; snippetText: string; severity: string; status: string }>;
  total: number;
  /** Set when the typed text was not valid FTS5: the hint, and the phrase query that ran instead. */
  fallback?: { hint: string; query: string };
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function shape(hits: SearchHit[]): IssueSearchResult['hits'] {
  return hits.map((hit) => ({
    id: hit.issue.id,
    title: markRanges(hit.title.text, hit.title.ranges),
    snippet: markRanges(hit.snippet.text, hit.snippet.ranges),
    titleText: hit.title.text,
    snippetText: hit.snippet.text,
    severity: hit.issue.severity,
    status: hit.issue.status,
  }));
}

export async function runIssueSearch(store: Pick<RemoteStore, 'issues'>, text: string, onSyntaxHint?: (hint: string) => void): Promise<IssueSearchResult> {
  const query = toFtsQuery(text);
  if (!query) return { query, hits: [], total: 0 };
  try {
    const result = await store.issues.search(query, { limit: SEARCH_LIMIT });
    return { query, hits: shape(result.hits), total: result.total };
  } catch (error) {
    if (codeOf(error) !== 'SEARCH_SYNTAX') throw error;
    const details = (error as { details?: { hint?: unknown } }).details;
    const hint = typeof details?.hint === 'string' ? details.hint : 'the search is not valid.';
    onSyntaxHint?.(hint);
    const phrase = phraseQuery(text);
    const result = phrase ? await store.issues.search(phrase, { limit: SEARCH_LIMIT }) : { hits: [], total: 0 };
    return { query: phrase, hits: shape(result.hits), total: result.total, fallback: { hint, query: phrase } };
  }
}

/**
 * Runs the latest text as soon as the worker is free: a keystroke starts its search at once when none is running
 * (no debounce, which would add its delay to every keystroke), otherwise it replaces the text waiting to run, so a
 * fast typist never queues more than one search behind the one in flight.
 */
export function latestOnly(run: (text: string) => Promise<void>): (text: string) => void {
  let running = false;
  let waiting: string | undefined;
  const next = (text: string) => {
    running = true;
    void run(text)
      .catch(() => undefined) // run() reports its own errors; the next text still runs
      .finally(() => {
        running = false;
        const queued = waiting;
        waiting = undefined;
        if (queued !== undefined) next(queued);
      });
  };
  return (text: string) => {
    if (running) waiting = text;
    else next(text);
  };
}
