// Passwords in database servers' own syntax (rules/databaseAuth.ts): MySQL's SET PASSWORD and IDENTIFIED WITH … BY,
// Redis's AUTH as MONITOR prints it — each with its exact span through the detector, and the functions' own limits.
import * as assert from 'node:assert/strict';
import { mysqlPasswordAt, redisAuthAt } from '../../../../src/core/pii/rules/databaseAuth';
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  { text: "SET  PASSWORD\tFOR `app`@`%`  =  PASSWORD ( 'Sp4ced!' )", found: [['Password', 'Sp4ced!']] },
  { text: 'SET PASSWORD FOR app@localhost = "Unqu0ted-acct"', found: [['Password', 'Unqu0ted-acct']] },
  { text: "SET PASSWORD FOR 'app' = 'N0Host!'", found: [['Password', 'N0Host!']] },
  { text: "IDENTIFIED  WITH \tsha256_password  BY  'Sha!256pw'", found: [['Password', 'Sha!256pw']] },
  { text: '"AUTH" "0nly-arg"\r\nnext', found: [['Password', '0nly-arg']] },
  { text: '"AUTH" "user" "Tw0-args"\nnext', found: [['Password', 'Tw0-args']] },
  { text: '"AUTH" "esc\\"aped"', found: [['Password', 'esc\\"aped']] }, // MONITOR escapes a quote inside
  { text: '"hello"  "3"  "auth" "u" "H3llo-pw" "setname" "n"', found: [['Password', 'H3llo-pw']] },
  // redis.conf's directives, CONFIG SET (redis-cli) and MONITOR's print of it.
  { text: 'port 6379\nrequirepass S3cretRedis1\nmaxmemory 2gb', found: [['Password', 'S3cretRedis1']] },
  { text: '  masterauth "Mast3r!Auth"', found: [['Password', 'Mast3r!Auth']] },
  { text: '127.0.0.1:6379> CONFIG SET requirepass Cl1-pass', found: [['Password', 'Cl1-pass']] },
  { text: '1701943200.1 [0 10.0.0.9:6379] "config" "set" "masterauth" "M0nitor-pw"', found: [['Password', 'M0nitor-pw']] },
];

const notFound = [
  "SET PASSWORD FOR 'app'@'%' = @new_password", // a variable
  "IDENTIFIED WITH auth_socket AS 'app'", // AS, not BY
  '"AUTH" "a" "b" "c"', // three arguments: not AUTH's
  '"AUTH" "pw" trailing words', // the line goes on unquoted
  '"HELLO" "3" "AUTH" "only-user"', // HELLO's AUTH has user and password
  'AUTH" "not-quoted-before"',
  '"cell" "abc"', // another four-letter key word in quotes: not AUTH
  '# requirepass foobared', // commented out: redis.conf's own example
  'the requirepass directive is set', // prose
  'CONFIG GET requirepass',
];

/** What mysqlPasswordAt or redisAuthAt report at the word, as [type, value] pairs. */
function reported(run: (emit: (type: string, start: number, end: number) => void) => number, text: string): { end: number; found: string[][] } {
  const found: string[][] = [];
  const end = run((type, start, stop) => found.push([type, text.slice(start, stop)]));
  return { end, found };
}

describe('PII detector: passwords in database servers\' syntax', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive, { enabledTypes: ['Password'] }));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });

  it('mysqlPasswordAt reads only SET PASSWORD (the word itself, right after SET) and IDENTIFIED WITH … BY', () => {
    const at = (text: string, key: string) => reported((emit) => mysqlPasswordAt(text, text.indexOf(key), text.indexOf(key) + key.length, emit), text);
    assert.deepEqual(at("SET PASSWORD = 'x1'", 'PASSWORD'), { end: 18, found: [['Password', 'x1']] });
    assert.deepEqual(at("SET old_password = 'x1'", 'old_password'), { end: -1, found: [] }); // not the statement's word
    assert.deepEqual(at("SET PASSWORDS = 'x1'", 'PASSWORDS'), { end: -1, found: [] });
    assert.deepEqual(at("SET a = 1, PASSWORD = 'x1'", 'PASSWORD'), { end: -1, found: [] }); // SET, but not right before
    assert.deepEqual(at("IDENTIFIED WITH a, b_password BY 'x1'", 'b_password'), { end: -1, found: [] });
    assert.deepEqual(at("identified with caching_sha2_password by 'x1'", 'caching_sha2_password'), { end: 44, found: [['Password', 'x1']] });
  });

  it('redisAuthAt needs "AUTH" in its quotes, and its arguments to end the line', () => {
    const at = (text: string) => reported((emit) => redisAuthAt(text, text.indexOf('AUTH'), emit), text);
    assert.deepEqual(at('"AUTH" "pw1"'), { end: 11, found: [['Password', 'pw1']] });
    assert.deepEqual(at(' AUTH" "pw1"'), { end: -1, found: [] });
    assert.deepEqual(at('"AUTH  "pw1"'), { end: -1, found: [] });
    assert.deepEqual(at('"AUTH" "pw1"\rnext'), { end: 11, found: [['Password', 'pw1']] });
    assert.deepEqual(at('"AUTH" "pw1" "x"y'), { end: -1, found: [] });
    assert.deepEqual(at('"HELLO" "3" "AUTH" "u" "pw2" "SETNAME" "n"'), { end: 27, found: [['Password', 'pw2']] });
  });
});
