// A secret's value holding an escaped quote (ab\"cd), and key/value pairs written inside a JSON string, their quotes
// escaped (a container runtime's log line wrapping an application's JSON: {"log":"{\"password\":\"…\"}"}). The value
// runs to its real end: an escaped quote is part of it, not its end (synthetic values).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const cases: Positive[] = [
  // An escaped quote inside an unquoted value.
  { text: 'user=bob password=ab\\"cd" next', found: [['Password', 'ab\\"cd']] },
  { text: 'user=bob password=ab\\"cd next', found: [['Password', 'ab\\"cd']] },
  { text: "user=bob password=ab\\'cd next", found: [['Password', "ab\\'cd"]] },
  { text: 'password: ab\\"cd next', found: [['Password', 'ab\\"cd']] },
  { text: '{"msg":"login password=ab\\"cd"}', found: [['Password', 'ab\\"cd']] },
  // An escaped backslash is two characters of the value; the quote after it is the value's end.
  { text: '{"msg":"login password=ab\\\\"}', found: [['Password', 'ab\\\\']] },
  // Inside a quoted value (already whole) and inside a JSON string's value.
  { text: 'password="ab\\"cd" next', found: [['Password', 'ab\\"cd']] },
  { text: '"password": "ab\\"cd"', found: [['Password', 'ab\\"cd']] },
  // Key and value inside a JSON string: escaped quotes around both, with : = and ": " between them.
  { text: '{"log":"{\\"password\\":\\"hunter2x\\"}"}', found: [['Password', 'hunter2x']] },
  { text: '{"log":"{\\"password\\": \\"hunter2x\\", \\"user\\": \\"bob\\"}"}', found: [['Password', 'hunter2x']] },
  { text: '{"log":"{\\"api_key\\":\\"Q7x9Lm2Pz8Rt4Wv6Ny3K\\"}"}', found: [['ApiKey', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: '{"log":"{\\"client_secret\\":\\"Q7x9Lm2Pz8Rt4Wv6Ny3K\\"}"}', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: '{"msg":"login password=\\"hunter 2\\" ok"}', found: [['Password', 'hunter 2']] },
  { text: "{\"msg\":\"login password=\\'hunter 2\\' ok\"}", found: [['Password', 'hunter 2']] },
  // An escaped quote inside a value inside a JSON string (\\\" is an escaped backslash then an escaped quote).
  { text: '{"log":"{\\"password\\":\\"ab\\\\\\"cd\\"}"}', found: [['Password', 'ab\\\\\\"cd']] },
  // Written with \u escapes instead.
  { text: '{"log":"{\\u0022password\\u0022:\\u0022hunter2x\\u0022}"}', found: [['Password', 'hunter2x']] },
];

describe('PII detector: escaped quotes in and around a secret value', () => {
  for (const positive of cases) it(JSON.stringify(positive.text), () => assertFinds(positive));

  it('an escaped quote pair with nothing between, or a placeholder, is no value', () => {
    for (const text of ['{"log":"{\\"password\\":\\"\\"}"}', '{"log":"{\\"password\\":\\"***\\"}"}', '{"log":"{\\"token\\":\\"null\\"}"}']) assertNothingIn(text);
  });
});
