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
  { text: 'token=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', found: [['Secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']] }, // a slash inside is no path
  { text: 'token is Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  // An AWS secret is 40 characters; under an AWS name any other random value is a generic secret, and a
  // 40-character value under a password's name is a password.
  { text: 'aws_secret_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoX', found: [['Secret', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoX']] },
  { text: 'aws_secret_access_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'password=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['Password', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  // After '=' any word is a password (prose is judged only after "is"); words that only contain prose are too.
  { text: 'password=running', found: [['Password', 'running']] },
  { text: 'password=xfor', found: [['Password', 'xfor']] },
  { text: 'password=forx', found: [['Password', 'forx']] },
  { text: 'password=`tick`', found: [['Password', 'tick']] }, // back-quoted
  { text: 'password=${DB-def4ult}', found: [['Password', 'def4ult']] }, // a shell default without a colon
  { text: 'passphrase=one two;x', found: [['Password', 'one two']] }, // a passphrase ends at its clause
  // Keys inside a value that was not a secret are read a few times, then the rest is one value.
  { text: 'token=a|password=b|secret=c|token=d|password=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'a|password=b|secret=c|token=d|password=Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  // Commas between them are settings of their own: each key reads its own value.
  { text: 'token=a,password=b,secret=c,token=d,password=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Password', 'b'], ['Password', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
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
  // A connection string's `;` before the next `Name=` ends the password: the settings after it (Encrypt, timeouts)
  // are what the engineer debugs. A `;` that is not followed by a setting stays part of the value.
  { text: 'Server=db1;User Id=sa;Password=Hunter2!;Encrypt=true;TrustServerCertificate=false', found: [['Password', 'Hunter2!']] },
  { text: 'Server=db1;Database=app;User Id=sa;Password=x;Encrypt=true', found: [['Password', 'x']] },
  { text: 'Driver={ODBC Driver 18};Server=x;Uid=sa;Pwd=S3cret!;Encrypt=yes', found: [['Password', 'S3cret!']] },
  { text: 'jdbc:sqlserver://10.1.2.3:1433;user=sa;password=S3cret!;encrypt=true', found: [['IPv4', '10.1.2.3'], ['Password', 'S3cret!']] },
  { text: 'Password=Pa55;Persist Security Info=False', found: [['Password', 'Pa55']] },
  { text: 'Password=Pa55; Connect Timeout=30', found: [['Password', 'Pa55']] },
  { text: 'password=abc;def', found: [['Password', 'abc;def']] },
  { text: 'password=abc;=def', found: [['Password', 'abc;=def']] },
  { text: 'password=abc;def then x=1', found: [['Password', 'abc;def']] },
  // A YAML block scalar: the value is on the indented lines after | or >, not the indicator.
  { text: 'password: |\n  S3cretBlock1\nuser: bob', found: [['Password', 'S3cretBlock1']] },
  { text: 'db:\n  password: >-\n    S3cretFolded1\n    more words\n  user: bob', found: [['Password', 'S3cretFolded1\n    more words']] },
  { text: 'token: |+\r\n  Q7x9Lm2Pz8Rt4Wv6Ny3K\r\n', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'password: | # rotated monthly\n  S3cretBlock3\nuser: bob', found: [['Password', 'S3cretBlock3']] }, // a comment after the indicator
  { text: 'password: >- # folded\r\n  S3cretBlock4\r\n', found: [['Password', 'S3cretBlock4']] },
  { text: 'password: | \t\n  S3cretBlock5', found: [['Password', 'S3cretBlock5']] }, // white space after it; the text ends in the block
  { text: 'password: |\n  first line\n\n  after a blank line\nuser: bob', found: [['Password', 'first line\n\n  after a blank line']] },
  { text: 'services:\n  api:\n    password: |\n      S3cretNested\n    user: bob', found: [['Password', 'S3cretNested']] },
  { text: 'password: |\n  S3cretBlock9\n    \nuser: bob', found: [['Password', 'S3cretBlock9']] }, // a line of spaces after it
  { text: `${'x\n'.repeat(150)}password: |\n  S3cretDeep`, found: [['Password', 'S3cretDeep']] }, // far into the text
  // A command-line option at the text's start; .netrc's passwd; a key in brackets with its value.
  { text: '--password S3cretOpt9 --user x', found: [['Password', 'S3cretOpt9']] },
  { text: 'machine db.example.net login u passwd N3trcPw', found: [['Hostname', 'db.example.net'], ['Password', 'N3trcPw']] },
  { text: '[password=Br4cket9] done', found: [['Password', 'Br4cket9']] },
  // YAML's anchors and tags before a value are not the value.
  { text: 'password: &pw S3cretAnchor1\nbackup_password: *pw', found: [['Password', 'S3cretAnchor1'], ['Password', '*pw']] },
  { text: 'password: !!str S3cretTag1', found: [['Password', 'S3cretTag1']] },
  { text: 'db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231336539\nnext: 1', found: [['Password', '$ANSIBLE_VAULT;1.1;AES256\n  6231336539']] },
  { text: 'password=&pw S3cret', found: [['Password', '&pw']] }, // not YAML: a value that starts with &
  // The same with commas between the settings.
  { text: 'password=abc,timeout=30', found: [['Password', 'abc']] },
  { text: 'opts: user=app,password=S3cret,ssl=true', found: [['Password', 'S3cret']] },
  { text: 'password=abc,def', found: [['Password', 'abc,def']] },
];

const notFound = [
  'password: |\nuser: bob', // an empty block: the next key is not indented under it
  'password: |', // nothing after it
  'password: | tr -d x\n  done', // a pipe: more than a comment after it on its line
  'password: | x\n  S3cretBlock8',
  'password: |\n\n  \nuser: bob', // only blank lines under it
  `${'x'.repeat(250)} password: |\n  S3cretBlock7`, // a key line longer than a YAML key's
  '  password: |\n  S3cretSameIndent', // not indented deeper than the key
  'token=Q7x9Lm2Pz8Rt4Wv', // 15 characters
  'token=abcdefghijklmnop', // one kind of character
  'token=aaaaaaaa11111111', // too little entropy
  'token=../a1B2c3D4e5F6g7H8', // paths
  'token=/a1B2c3D4e5F6g7H8',
  'token=abcdef.ghijkl.mnopqr', // a dotted name
  'Bearer abcdefghijklmnoP', // under 20 letters, no digit
  'Bearer abcdefghijklmnopqRs',
  'Authorization: Token 12345678901234', // digits only: no letter
  'BEARER ABCDEFGHIJKLMNOPQRST', // letters of one case
  'passe: Soleil99', // half of "mot de passe"
  "by 'Soleil99'", // half of "identified by"
  'khẩu: Soleil99', // half of "mật khẩu"
  'xmật khẩu: Soleil99',
  'token=hunter2x', // under 16 characters
  'token=A0xdeadbeefdeadbeef12', // too little entropy
  'token=x.y.AbCdEfGhIjKlMnOp', // a dotted name: its long part has no digit (dottedTokens.test.ts has those that do)
  'password={{ .Values.x }}', // a template
  '$password=hunter2x', // a variable
  'secret "abc12345"', // white space alone separates only a password from its value
  'secretary=Q7x9Lm2Pz8Rt4Wv6Ny3K', // a word that starts like a key word
  'tokenizer=Q7x9Lm2Pz8Rt4Wv6Ny3K', // a key word inside a longer word: only at its end (mysecret, SECRETACCESSKEY)
  'secretkeys_count=Q7x9Lm2Pz8Rt4Wv6Ny3K',
  'tokenidx=Q7x9Lm2Pz8Rt4Wv6Ny3K',
  'session_count=42', // a session's number, not its id
  'sessionid=42',
  'mysession_id=42',
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
