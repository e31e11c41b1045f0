// Bounds of the credential rules (rules/secrets.ts): when a value under a generic name is random enough, how key names
// are read (case, words glued before them), and how far a private key or a token reaches.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const BODY = 'A'.repeat(16 * 1024);
const KEY = (body: string) => `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
const NEAR = `${'A'.repeat(15_200)}\n!\n`; // a line that is not key body, footer still within reach

const found: Positive[] = [
  // 16 characters and two kinds of characters with enough entropy: random enough.
  { text: 'token=Q7x9Lm2Pz8Rt4Wv6', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6']] },
  { text: 'token=abcdefgh12345678', found: [['Secret', 'abcdefgh12345678']] },
  { text: 'token=x0x34f4a63146b003c0', found: [['Secret', 'x0x34f4a63146b003c0']] }, // not a hex number
  // A dotted token with a long random part, in any case of key.
  { text: 'token=ab.cd.Q7x9Lm2Pz8Rt4Wv6Ny3Kq1', found: [['Secret', 'ab.cd.Q7x9Lm2Pz8Rt4Wv6Ny3Kq1']] },
  { text: '"REFRESHTOKEN":"VB7NQ2LX9KP4RZ8TW3YM"', found: [['Secret', 'VB7NQ2LX9KP4RZ8TW3YM']] },
  // Key words with more letters glued before them still end in the word.
  { text: 'xpassword = hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'dbPassword=x1', found: [['Password', 'x1']] },
  { text: 'xtoken=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'access_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  // An AWS secret only under an AWS or S3 name; a look-alike word is a generic secret.
  { text: 'xaws_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['Secret', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  { text: 'xs3_secret_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['Secret', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  { text: 's3a_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  { text: 'secretKey=abcdefgh', found: [['Secret', 'abcdefgh']] }, // camelCase: secret, key
  { text: "identified by 'Soleil99'", found: [['Password', 'Soleil99']] },
  // Two private keys: each up to its own footer.
  {
    text: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----',
    found: [['PrivateKey', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'], ['PrivateKey', '-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----']],
  },
  { text: `${KEY('AAAA')} x ${KEY('BBBB')}`, found: [['PrivateKey', KEY('AAAA')], ['PrivateKey', KEY('BBBB')]] },
  // A footer within reach: the key runs to it, over lines that are not key body.
  { text: KEY(NEAR), found: [['PrivateKey', KEY(NEAR)]] },
  // A footer past the longest key, after text that is not a key body: the key stops where its body does.
  { text: `-----BEGIN PRIVATE KEY-----\n${BODY}\n!!! restart\n-----END PRIVATE KEY-----`, found: [['PrivateKey', `-----BEGIN PRIVATE KEY-----\n${BODY}\n`]] },
  // An undecodable byte after a token is not part of it; between its characters it is.
  { text: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123\uFFFD x', found: [['GitHubToken', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123']] },
  { text: 'ghp_aBcDeFgH\uFFFD\uFFFDiJkLmNoPqRsTuVwXyZ0123', found: [['GitHubToken', 'ghp_aBcDeFgH\uFFFD\uFFFDiJkLmNoPqRsTuVwXyZ0123']] },
  { text: 'ghp_abcdefgh\uFFFD_x', found: [['GitHubToken', 'ghp_abcdefgh\uFFFD_x']] },
  { text: 'authorization: Token abcdefghijk1', found: [['ApiKey', 'abcdefghijk1']] }, // any case of the header name
  { text: 'xoxb-1234567890\uFFFDabc', found: [['SlackToken', 'xoxb-1234567890\uFFFDabc']] },
];

const notFound = [
  'token=Q7x9Lm2Pz8Rt4Wv', // 15 characters
  'token=abcdefghijklmnop', // one kind of character
  'token=aaaaaaaa11111111', // too little entropy
  'token=../a1B2c3D4e5F6g7H8', // paths
  'token=/a1B2c3D4e5F6g7H8',
  'token=abcdef.ghijkl.mnopqr', // a dotted name
  'token=ab.cd.q7x9lm2pz8rt4wv6ny3kq1', // a dotted name whose parts are not random (one case)
  'Bearer abcdefghijklmnoP', // under 20 letters, no digit
  'Bearer abcdefghijklmnopqRs',
  'Authorization: Token 12345678901234', // digits only: no letter
  'BEARER ABCDEFGHIJKLMNOPQRST', // letters of one case
  'passe: Soleil99', // half of "mot de passe"
  "by 'Soleil99'", // half of "identified by"
  'khẩu: Soleil99', // half of "mật khẩu"
  'xmật khẩu: Soleil99',
  'secretary=Q7x9Lm2Pz8Rt4Wv6Ny3K', // a word that starts like a key word
  's3_bucket_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', // an object's key in a bucket, not a credential
];

describe('PII detector: bounds of the credential rules', () => {
  describe('found with their type and exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text).slice(0, 80), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});

describe('PII detector: Slack webhook paths', () => {
  it('two paths on one line are two tokens', () => {
    const path = '/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
    const other = '/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWy';
    assertFinds({ text: `${path} ${other}`, found: [['SlackToken', path], ['SlackToken', other]] });
  });
});
