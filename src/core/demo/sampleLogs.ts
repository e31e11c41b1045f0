// Sample logs of one made-up incident (a payment outage caused by a database connection pool running dry), for
// the demo workspace of `npm start` and for test fixtures. Seeded, so every machine gets the same bytes. They
// carry the kinds of personal data and secrets real logs do (e-mails, IPs, tokens, card numbers), all invented.
import { SeededRandom } from './random';

export interface SampleLog {
  /** Path relative to the workspace folder, with forward slashes. */
  path: string;
  content: string;
}

const users = ['alice.martin@example.com', 'bob.nguyen@example.org', 'carol.diaz@example.net', 'dmitri.ivanov@example.com'];
const clientIps = ['203.0.113.7', '198.51.100.23', '192.0.2.144', '203.0.113.250', '2001:db8::8a2e:370:7334'];
const testCards = ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'];

function timestamp(start: Date, offsetMs: number): string {
  return new Date(start.getTime() + offsetMs).toISOString();
}

function gatewayLog(random: SeededRandom, start: Date, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const failing = i > lines * 0.55 && i < lines * 0.85;
    const status = failing ? random.pick([502, 503, 504, 200]) : random.pick([200, 200, 200, 201, 404]);
    const path = random.pick(['/api/v1/payments', '/api/v1/orders', '/api/v1/cart', '/healthz']);
    const latency = failing ? random.int(900, 30000) : random.int(4, 180);
    out.push(`${random.pick(clientIps)} - - [${timestamp(start, i * 1500)}] "POST ${path} HTTP/1.1" ${status} ${random.int(120, 4800)} ${latency}ms req_id=${random.hex(16)}`);
  }
  return out.join('\n') + '\n';
}

function paymentsLog(random: SeededRandom, start: Date, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const at = timestamp(start, i * 2000);
    const phase = i / lines;
    if (phase > 0.5 && phase < 0.85 && random.chance(0.6)) {
      out.push(`${at} ERROR [payments-worker-${random.int(1, 8)}] c.e.payments.ChargeService - Charge failed for ${random.pick(users)}: ` +
        'org.postgresql.util.PSQLException: Cannot get connection, pool exhausted (active=50, idle=0, waiting=213)');
      if (random.chance(0.3)) {
        out.push('\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)');
        out.push('\tat com.example.payments.ChargeService.charge(ChargeService.java:88)');
      }
    } else if (random.chance(0.05)) {
      out.push(`${at} DEBUG [http-nio-8080-exec-${random.int(1, 20)}] c.e.payments.Client - outbound Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.${random.hex(24)}.${random.hex(32)}`);
    } else if (random.chance(0.04)) {
      out.push(`${at} WARN  [payments-worker-${random.int(1, 8)}] c.e.payments.Validator - card rejected: ${random.pick(testCards)} for ${random.pick(users)}`);
    } else {
      out.push(`${at} INFO  [payments-worker-${random.int(1, 8)}] c.e.payments.ChargeService - charged order ${random.int(100000, 999999)} amount=${random.int(1, 900)}.${random.int(10, 99)} EUR in ${random.int(20, 240)}ms`);
    }
  }
  return out.join('\n') + '\n';
}

function databaseLog(random: SeededRandom, start: Date, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const at = timestamp(start, i * 4000).replace('T', ' ').replace('Z', ' UTC');
    const phase = i / lines;
    if (phase > 0.45 && phase < 0.6 && random.chance(0.5)) {
      out.push(`${at} [${random.int(1000, 9999)}] LOG:  duration: ${random.int(8000, 60000)}.${random.int(100, 999)} ms  statement: SELECT * FROM ledger_entries WHERE account_id = $1 FOR UPDATE`);
    } else if (phase > 0.5 && phase < 0.85 && random.chance(0.3)) {
      out.push(`${at} [${random.int(1000, 9999)}] FATAL:  remaining connection slots are reserved for non-replication superuser connections`);
    } else {
      out.push(`${at} [${random.int(1000, 9999)}] LOG:  connection authorized: user=payments database=payments host=10.0.${random.int(0, 3)}.${random.int(2, 250)}`);
    }
  }
  return out.join('\n') + '\n';
}

function deployLog(start: Date): string {
  return [
    `${timestamp(start, 0)} deploy payments-service v2.14.0 started by ci-bot`,
    `${timestamp(start, 60_000)} config change: db.pool.maxLifetime 30m -> 5m, db.pool.size 100 -> 50`,
    `${timestamp(start, 65_000)} DB_PASSWORD=hunter2-not-a-real-password rotated for payments`,
    `${timestamp(start, 120_000)} rollout complete 12/12 pods ready`,
    `${timestamp(start, 3_600_000)} rollback payments-service to v2.13.2 requested by oncall (carol.diaz@example.net)`,
    '',
  ].join('\n');
}

/** The demo incident's logs. `scale` multiplies line counts (1 gives a few hundred KB in all). */
export function sampleLogs(seed = 20261128, scale = 1): SampleLog[] {
  const random = new SeededRandom(seed);
  const start = new Date(Date.UTC(2026, 10, 27, 21, 0, 0));
  const lines = Math.max(10, Math.round(1200 * scale));
  return [
    { path: 'logs/api-gateway.log', content: gatewayLog(random, start, lines) },
    { path: 'logs/payments-service.log', content: paymentsLog(random, start, lines) },
    { path: 'logs/postgres.log', content: databaseLog(random, start, Math.round(lines / 2)) },
    { path: 'deploy/deploy-history.log', content: deployLog(start) },
  ];
}
