// Generated incident titles and descriptions (fixed seed) and the query mix bench:ui searches them with.
import { SeededRandom } from '../../src/core/demo/random';

const SERVICES = ['checkout', 'payments', 'gateway', 'auth', 'login', 'search', 'inventory', 'billing', 'orders', 'cart', 'shipping', 'notifications', 'ledger', 'catalog', 'reporting', 'kafka', 'redis', 'postgres', 'nginx', 'dns'];
const SYMPTOMS = ['timeout', 'latency', 'spike', 'outage', 'errors', 'crash', 'leak', 'degradation', 'failure', 'backlog', 'deadlock', 'throttling', 'corruption', 'retries', 'saturation'];
const CAUSES = ['deploy', 'config', 'certificate', 'migration', 'rollback', 'cache', 'replica', 'disk', 'memory', 'cpu', 'network', 'firewall', 'quota', 'index', 'schema', 'token', 'cron', 'upstream', 'loadbalancer', 'autoscaler'];
const REGIONS = ['eu-west', 'us-east', 'ap-south', 'eu-central', 'us-west'];
const FILLER = ['after', 'during', 'since', 'the', 'with', 'for', 'on', 'users', 'customers', 'requests', 'returned', 'observed', 'started', 'increased', 'dropped', 'pods', 'nodes', 'alerts', 'pager', 'on-call', 'dashboard', 'graph', 'p99', 'http', 'status', 'root', 'cause', 'unknown', 'suspected', 'mitigated'];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface GeneratedIssue {
  title: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  category: string;
}

export function* generateIssues(count: number, seed = 7): Generator<GeneratedIssue> {
  const random = new SeededRandom(seed);
  for (let i = 0; i < count; i++) {
    const service = random.pick(SERVICES);
    const title = `${service} ${random.pick(SYMPTOMS)} in ${random.pick(REGIONS)} ${random.chance(0.5) ? `after ${random.pick(CAUSES)}` : `#${i}`}`;
    const words: string[] = [];
    const length = random.int(20, 60);
    for (let w = 0; w < length; w++) {
      const r = random.next();
      // Mostly filler, some domain words, and a rare unique token so the vocabulary is not tiny.
      words.push(r < 0.55 ? random.pick(FILLER) : r < 0.7 ? random.pick(SERVICES) : r < 0.82 ? random.pick(SYMPTOMS) : r < 0.95 ? random.pick(CAUSES) : `x${random.hex(5)}`);
    }
    yield { title, description: `${words.join(' ')}.`, severity: random.pick(SEVERITIES), category: service };
  }
}

/** About 200 queries of the kinds people type: single words, prefixes, phrases, two words (AND), rare words. */
export function queryMix(count = 200, seed = 11): { kind: string; query: string }[] {
  const random = new SeededRandom(seed);
  const vocabulary = [...SERVICES, ...SYMPTOMS, ...CAUSES];
  const kinds = ['word', 'prefix', 'phrase', 'and', 'title'] as const;
  const out: { kind: string; query: string }[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const a = random.pick(vocabulary);
    const b = random.pick(vocabulary);
    switch (kind) {
      case 'word':
        out.push({ kind, query: a });
        break;
      case 'prefix':
        out.push({ kind, query: `${a.slice(0, 3)}*` });
        break;
      case 'phrase':
        out.push({ kind, query: `"${random.pick(SERVICES)} ${random.pick(SYMPTOMS)}"` });
        break;
      case 'and':
        out.push({ kind, query: `${a} ${b}` });
        break;
      case 'title':
        out.push({ kind, query: `title:${a} ${random.pick(REGIONS).split('-')[0] ?? 'eu'}` });
        break;
    }
  }
  return out;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}
