// The Log Insight panel's front end: a log's patterns (level, count, template, a sparkline over the log's span,
// first/last seen), what changed between two logs or ranges (new, gone, ×N), or an incident's errors per minute
// with its timeline events as markers. Log text is set as text, never as HTML; charts are SVG built element by
// element (no inline styles: the CSP allows none). The host is the truth: every state arrives whole.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { ChangeRowView, CompareState, HistogramState, InsightHostMessage, InsightState, InsightSubject, InsightWebviewMessage, PatternRowView, PatternsState } from '../../src/webview/patterns/insightProtocol';
import { hostChannel } from '../shared/hostChannel';
import './insight.css';

const SVG = 'http://www.w3.org/2000/svg';

interface SavedState {
  subject: InsightSubject;
  filter?: string;
}

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function cell(row: HTMLTableRowElement, text: string, className?: string): HTMLTableCellElement {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/** A sparkline: one bar per slice of the log's span, scaled to the pattern's busiest slice. */
export function sparkline(points: readonly number[], width = 120, height = 18): SVGSVGElement {
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'spark', role: 'img' });
  const max = Math.max(0, ...points);
  const step = points.length ? width / points.length : width;
  points.forEach((n, i) => {
    if (n <= 0) return;
    const h = Math.max(1, Math.round((n / max) * height));
    chart.append(svg('rect', { x: (i * step).toFixed(2), y: height - h, width: Math.max(1, step - 0.5).toFixed(2), height: h, class: 'spark-bar' }));
  });
  chart.setAttribute('aria-label', `${points.reduce((a, b) => a + b, 0)} occurrences over time`);
  return chart;
}

const shortTime = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/Z$/, '') : '—');
const levelClass = (level: string | null) => (level ? `log-level log-level-${level}` : 'log-level');

export function startInsightPanel(): void {
  const api = hostChannel<InsightWebviewMessage, InsightHostMessage, SavedState>();
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const title = byId<HTMLElement>('insight-title');
  const summary = byId<HTMLElement>('insight-summary');
  const filter = byId<VscodeTextfield>('insight-filter');
  const chart = byId<HTMLElement>('insight-chart');
  const table = byId<HTMLTableElement>('insight-table');
  const head = byId<HTMLTableSectionElement>('insight-head');
  const rows = byId<HTMLTableSectionElement>('insight-rows');
  const empty = byId<HTMLElement>('insight-empty');
  let current: { subject: InsightSubject; state: InsightState } | undefined;
  filter.value = api.getState()?.filter ?? '';

  const save = () => current && api.setState({ subject: current.subject, filter: filter.value });
  filter.addEventListener('input', () => {
    save();
    if (current?.state.kind === 'patterns') renderPatterns(current.state);
  });

  function header(...names: string[]): void {
    head.replaceChildren();
    const row = head.insertRow();
    for (const name of names) {
      const th = document.createElement('th');
      th.textContent = name;
      row.append(th);
    }
  }

  function showEmpty(text: string | null): void {
    empty.hidden = text === null;
    empty.textContent = text ?? '';
  }

  function renderPatterns(state: PatternsState): void {
    title.textContent = `Patterns of ${state.log.fileName}`;
    summary.textContent = `${state.lineCount.toLocaleString()} lines · ${state.patterns.length} patterns · format: ${state.format} · times ${state.zoned ? 'in UTC' : 'as the log writes them (no zone)'} · click a pattern to see its lines`;
    filter.hidden = false;
    chart.hidden = true;
    header('Level', 'Count', 'Pattern', 'Over time', 'First seen', 'Last seen', '');
    const words = filter.value.trim().toLowerCase();
    const shown = state.patterns.filter((p) => !words || p.template.toLowerCase().includes(words) || (p.level ?? '').includes(words));
    rows.replaceChildren(...shown.map((p) => patternRow(state, p)));
    table.hidden = shown.length === 0;
    showEmpty(state.patterns.length === 0 ? 'This log has no lines.' : shown.length === 0 ? 'No pattern matches the filter.' : null);
  }

  function patternRow(state: PatternsState, p: PatternRowView): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.className = 'pattern-row';
    row.tabIndex = 0;
    row.dataset.pattern = p.id;
    row.title = `${p.id}: lines ${p.firstLine}–${p.lastLine}. Click to highlight its lines in the log.`;
    cell(row, p.level ?? '', levelClass(p.level));
    cell(row, p.count.toLocaleString(), 'count');
    cell(row, p.template, 'template');
    row.insertCell().append(sparkline(p.spark));
    cell(row, shortTime(p.firstSeen), 'time');
    cell(row, shortTime(p.lastSeen), 'time');
    const actions = row.insertCell();
    const evidence = document.createElement('button');
    evidence.className = 'icon-button codicon codicon-pin';
    evidence.title = `Add its first occurrence (log:…#L${p.firstLine}) as 5 Whys evidence`;
    evidence.setAttribute('aria-label', 'Add as 5 Whys Evidence');
    evidence.addEventListener('click', (event) => {
      event.stopPropagation();
      api.post({ type: 'addEvidence', logId: state.log.id, patternId: p.id });
    });
    actions.append(evidence);
    const open = () => api.post({ type: 'showPattern', logId: state.log.id, patternId: p.id });
    row.addEventListener('click', open);
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    });
    return row;
  }

  const changeText = (c: ChangeRowView) =>
    c.kind === 'new' ? 'new' : c.kind === 'gone' ? 'gone' : `×${(c.ratio ?? 0) >= 1 ? (c.ratio ?? 0).toFixed(1) : (1 / (c.ratio || 1)).toFixed(1)} ${c.kind}`;

  function renderCompare(state: CompareState): void {
    title.textContent = 'What changed';
    summary.textContent = `Before: ${state.before.label} (${state.before.lines.toLocaleString()} lines) → after: ${state.after.label} (${state.after.lines.toLocaleString()} lines). Frequencies are compared as shares of each side's lines.`;
    filter.hidden = true;
    chart.hidden = true;
    header('Change', 'Before', 'After', 'Level', 'Pattern');
    rows.replaceChildren(
      ...state.changes.map((c) => {
        const row = document.createElement('tr');
        row.className = `change-row change-${c.kind}`;
        row.dataset.kind = c.kind;
        cell(row, changeText(c), 'change');
        cell(row, c.before.toLocaleString(), 'count');
        cell(row, c.after.toLocaleString(), 'count');
        cell(row, c.level ?? '', levelClass(c.level));
        cell(row, c.template, 'template');
        if (c.patternId) {
          row.tabIndex = 0;
          row.title = 'Click to highlight its lines';
          const patternId = c.patternId;
          row.addEventListener('click', () => api.post({ type: 'showPattern', logId: c.logId, patternId }));
        }
        return row;
      }),
    );
    table.hidden = state.changes.length === 0;
    showEmpty(state.changes.length ? null : 'Nothing changed: the same patterns, at about the same frequencies.');
  }

  function renderHistogram(state: HistogramState): void {
    title.textContent = `Errors per ${state.bucketMs === 60_000 ? 'minute' : `${state.bucketMs / 60_000} minutes`} — ${state.issue.title}`;
    const total = state.errors.reduce((a, b) => a + b, 0);
    summary.textContent = `${total.toLocaleString()} error lines across ${state.logs.length} logs (${state.logs.map((l) => `${l.fileName}: ${l.errors}`).join(', ') || 'none attached'}) · markers are the incident's timeline events · click a minute to open the merged timeline there`;
    filter.hidden = true;
    table.hidden = true;
    chart.hidden = false;
    chart.replaceChildren();
    if (state.startMs === null || !state.lines.length) {
      showEmpty('No timestamps found in this incident\'s logs, so there is nothing to place on a time axis.');
      return;
    }
    showEmpty(null);
    const startMs = state.startMs;
    const bucketMs = state.bucketMs;
    const width = 900;
    const height = 220;
    const pad = { left: 40, bottom: 24, top: 28 };
    const plotH = height - pad.bottom - pad.top;
    const minutes = state.lines.length;
    const step = (width - pad.left) / minutes;
    const maxErrors = Math.max(1, ...state.errors);
    const maxLines = Math.max(1, ...state.lines);
    const graph = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'histogram', role: 'img', 'aria-label': `Errors per minute, ${minutes} minutes` });
    graph.append(svg('line', { x1: pad.left, y1: height - pad.bottom, x2: width, y2: height - pad.bottom, class: 'axis' }));
    const label = (x: number, y: number, text: string, cls: string) => {
      const t = svg('text', { x, y, class: cls });
      t.textContent = text;
      graph.append(t);
    };
    label(2, pad.top + 10, String(maxErrors), 'tick');
    label(2, height - pad.bottom, '0', 'tick');
    label(pad.left, height - 6, new Date(startMs).toISOString().slice(0, 16).replace('T', ' '), 'tick');
    label(width - 110, height - 6, new Date(startMs + minutes * bucketMs).toISOString().slice(0, 16).replace('T', ' '), 'tick');
    for (let i = 0; i < minutes; i++) {
      const x = pad.left + i * step;
      const all = state.lines[i] ?? 0;
      const errors = state.errors[i] ?? 0;
      const at = startMs + i * bucketMs;
      const hit = svg('rect', { x: x.toFixed(2), y: pad.top, width: Math.max(1, step).toFixed(2), height: plotH, class: 'minute' });
      const tip = svg('title', {});
      tip.textContent = `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}: ${errors} errors, ${all} lines`;
      hit.append(tip);
      hit.addEventListener('click', () => api.post({ type: 'openTimeline', issueId: state.issue.id, atMs: at }));
      graph.append(hit);
      if (all) {
        const h = Math.max(1, (all / maxLines) * plotH * 0.35);
        graph.append(svg('rect', { x: x.toFixed(2), y: (height - pad.bottom - h).toFixed(2), width: Math.max(1, step - 1).toFixed(2), height: h.toFixed(2), class: 'bar-lines' }));
      }
      if (errors) {
        const h = Math.max(1, (errors / maxErrors) * plotH);
        const bar = svg('rect', { x: x.toFixed(2), y: (height - pad.bottom - h).toFixed(2), width: Math.max(1, step - 1).toFixed(2), height: h.toFixed(2), class: 'bar-errors' });
        bar.append(tip.cloneNode(true));
        bar.addEventListener('click', () => api.post({ type: 'openTimeline', issueId: state.issue.id, atMs: at }));
        graph.append(bar);
      }
    }
    state.markers.forEach((m, i) => {
      const x = pad.left + ((m.atMs - startMs) / bucketMs) * step;
      const line = svg('line', { x1: x.toFixed(2), y1: 12, x2: x.toFixed(2), y2: height - pad.bottom, class: 'marker' });
      const tip = svg('title', {});
      tip.textContent = `${new Date(m.atMs).toISOString().replace('T', ' ').slice(0, 19)}: ${m.label}`;
      line.append(tip);
      graph.append(line);
      label(Math.min(x + 3, width - 120), 12 + (i % 2) * 11, m.label.slice(0, 30), 'marker-label');
    });
    chart.append(graph);
  }

  function render(): void {
    if (!current) return;
    const { state } = current;
    document.body.dataset.kind = state.kind;
    if (state.kind === 'patterns') renderPatterns(state);
    else if (state.kind === 'compare') renderCompare(state);
    else renderHistogram(state);
  }

  api.start((message) => {
    if (message.type !== 'state') return;
    current = { subject: message.subject, state: message.state };
    save();
    render();
  });
}
