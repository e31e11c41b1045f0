// A secret's value holding an escaped quote (ab\"cd), and key/value pairs written inside a JSON string, their quotes
// escaped (a container runtime's log line wrapping an application's JSON: {"log":"{\"password\":\"…\"}"}). The value
// runs to its real end: an escaped quote is part of it, not its end; a quote never closed ends with the line
// (synthetic values).
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
  // A quote not closed on its line (a logger cut the line inside the value): the value runs to the line's end.
  { text: 'password="hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'password="hunter 2x  \nnext line', found: [['Password', 'hunter 2x']] },
  { text: "password='hunter2x", found: [['Password', 'hunter2x']] },
  { text: '{"password": "hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'api_key: "Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['ApiKey', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: '{"log":"{\\"password\\":\\"hunter2x"}', found: [['Password', 'hunter2x']] },
  { text: '{"log":"{\\"password\\":\\"hunter2x', found: [['Password', 'hunter2x']] },
  // Values of odd and even length; the string ending at a line break; escaped backslashes in pairs.
  { text: '{"log":"{\\"password\\":\\"hunter2xy\\"}"}', found: [['Password', 'hunter2xy']] },
  { text: '{"log":"{\\"password\\":\\"hunter2xy\nnext', found: [['Password', 'hunter2xy']] },
  { text: '{"log":"{\\"password\\":\\"hunter2xy\r\nnext', found: [['Password', 'hunter2xy']] },
  { text: '{"log":"{\\"password\\":\\"ab\\\\\\\\\\"}"}', found: [['Password', 'ab\\\\\\\\']] },
  { text: '{"log":"{\\"password\\":\\"a\\\\\\"b\\\\\\"c\\"}"}', found: [['Password', 'a\\\\\\"b\\\\\\"c']] },
  // A quote right after the value's first character, a backslash before anything but a quote or a backslash.
  { text: '{"msg":"login password=x"}', found: [['Password', 'x']] },
  { text: 'password=ab\\ cd', found: [['Password', 'ab\\']] },
  { text: 'password=C:\\dir\\x next', found: [['Password', 'C:\\dir\\x']] },
  { text: 'password=abc`def', found: [['Password', 'abc']] },
  { text: "password=abc'def", found: [['Password', 'abc']] },
  { text: 'password=ab\\`cd next', found: [['Password', 'ab\\`cd']] },
  // A JSON string inside a JSON string inside a JSON string (an application's request body, logged as JSON, in a
  // container runtime's JSON line): its quotes escaped twice, \\\".
  { text: '{"log":"{\\"msg\\":\\"{\\\\\\"password\\\\\\":\\\\\\"S3cretEsc2\\\\\\"}\\"}"}', found: [['Password', 'S3cretEsc2']] },
  { text: '{"log":"{\\"msg\\":\\"{\\\\\\"password\\\\\\": \\\\\\"S3cret Esc3\\\\\\", \\\\\\"user\\\\\\":1}\\"}"}', found: [['Password', 'S3cret Esc3']] },
  { text: '{"log":"{\\"msg\\":\\"{\\\\\\"password\\\\\\":\\\\\\"S3cretCut', found: [['Password', 'S3cretCut']] },
  // Written with \u escapes instead.
  { text: '{"log":"{\\u0022password\\u0022:\\u0022hunter2x\\u0022}"}', found: [['Password', 'hunter2x']] },
];

describe('PII detector: escaped quotes in and around a secret value', () => {
  for (const positive of cases) it(JSON.stringify(positive.text), () => assertFinds(positive));

  it('an escaped quote pair with nothing between, or a placeholder, is no value', () => {
    for (const text of ['password="" ok', 'password=" ', '{"log":"{\\"password\\":\\"\\"}"}', '{"log":"{\\"password\\":\\"***\\"}"}', '{"log":"{\\"token\\":\\"null\\"}"}']) assertNothingIn(text);
  });
});
