// A load balancer's access log as an SRE attaches it: a client IPv4 on every line, an e-mail on some, a bearer
// token on a few — generated from a seed in large pieces, so benchmarks and tests can make hundreds of MB (or
// millions of PII values) quickly and identically on every machine.
import { SeededRandom } from './random';

export interface AccessLogCounts {
  lines: number;
  IPv4: number;
  Email: number;
  BearerToken: number;
}

const ROUTES = ['/api/checkout', '/api/cart', '/api/payments/authorize', '/healthz', '/api/orders?page=2', '/static/app.js'];
const AGENTS = ['curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', 'okhttp/4.12.0', 'kube-probe/1.31'];

/**
 * Writes lines until `bytes` are reached, piece by piece through `write` (about 1 MB each). `distinctClients` IPv4
 * addresses recur, as real clients do; one line in `emailEvery` carries a user's e-mail, one in `tokenEvery` a
 * bearer token. Returns how many of each it wrote.
 */
export function generateAccessLog(bytes: number, write: (piece: string) => void, options: { seed?: number; distinctClients?: number; emailEvery?: number; tokenEvery?: number } = {}): AccessLogCounts {
  const random = new SeededRandom(options.seed ?? 42);
  const clients = Array.from({ length: options.distinctClients ?? 40_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const users = Array.from({ length: 2000 }, (_, i) => `user${i}@example.com`);
  const emailEvery = options.emailEvery ?? 10;
  const tokenEvery = options.tokenEvery ?? 50;
  const counts: AccessLogCounts = { lines: 0, IPv4: 0, Email: 0, BearerToken: 0 };
  let written = 0;
  let t = Date.UTC(2026, 10, 28, 12, 0, 0);
  while (written < bytes) {
    const lines: string[] = [];
    let size = 0;
    while (size < 1024 * 1024 && written + size < bytes) {
      t += random.int(0, 20);
      const client = clients[Math.floor(Math.pow(random.next(), 2) * clients.length)] as string; // some clients far busier
      let line = `${client} - - [${new Date(t).toISOString()}] "GET ${ROUTES[random.int(0, ROUTES.length - 1)]} HTTP/1.1" ${random.chance(0.03) ? 502 : 200} ${random.int(120, 90_000)} "${AGENTS[random.int(0, AGENTS.length - 1)]}" rt=${random.int(1, 900)}ms`;
      counts.IPv4++;
      if (counts.lines % emailEvery === 0) {
        line += ` user=${users[random.int(0, users.length - 1)]}`;
        counts.Email++;
      }
      if (counts.lines % tokenEvery === 0) {
        line += ` auth="Bearer ${random.hex(40)}"`;
        counts.BearerToken++;
      }
      line += '\n';
      lines.push(line);
      size += line.length;
      counts.lines++;
    }
    write(lines.join(''));
    written += size;
  }
  return counts;
}
