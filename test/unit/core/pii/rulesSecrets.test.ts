// Credentials (rules/secrets.ts): token shapes wherever they appear and the values of secret-named keys — each with
// its type and exact span, and the boundaries that keep prose, placeholders and identifiers out (synthetic values).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const tokens: Positive[] = [
  { text: 'AKIAQWERTYUIOPASDFGH', found: [['AWSAccessKey', 'AKIAQWERTYUIOPASDFGH']] },
  { text: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123', found: [['GitHubToken', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123']] }, // 30 after the prefix
  { text: 'ghp_aBcDeFgH\uFFFDiJkLmNoPqRsTuVwXyZ0123', found: [['GitHubToken', 'ghp_aBcDeFgH\uFFFDiJkLmNoPqRsTuVwXyZ0123']] },
  { text: 'xoxb-1234567890', found: [['SlackToken', 'xoxb-1234567890']] },
  { text: 'xapp-1-A1234567890', found: [['SlackToken', 'xapp-1-A1234567890']] },
  { text: 'x eyJhbGciOi.eyJzdWIiOi.sig y', found: [['JWT', 'eyJhbGciOi.eyJzdWIiOi.sig']] },
  { text: 'eyJhbGciOi.eyJzdWIiOi.sig\uFFFD', found: [['JWT', 'eyJhbGciOi.eyJzdWIiOi.sig']] }, // a trailing undecodable byte is not part of it
  { text: 'Bearer abcdefghijk1', found: [['BearerToken', 'abcdefghijk1']] }, // 12 characters with a digit
  { text: 'Bearer abcdefghijklmnopqrsT', found: [['BearerToken', 'abcdefghijklmnopqrsT']] }, // 20 mixed-case letters
  { text: 'Bearer ABCDEFGHIJKLMNOPQRSt', found: [['BearerToken', 'ABCDEFGHIJKLMNOPQRSt']] },
  { text: 'Authorization: Token abcdefghijk1', found: [['ApiKey', 'abcdefghijk1']] },
  { text: 'Authorization="Token abcdefghijk1"', found: [['ApiKey', 'abcdefghijk1']] },
  // Chat webhooks and bot tokens in a URL's path: the secret part.
  { text: 'POST https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUv 204', found: [['Secret', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUv']] },
  { text: 'GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage', found: [['Secret', '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw']] },
  { text: 'url=https://contoso.webhook.office.com/webhookb2/1a2b3c4d-1111-2222-3333-444455556666@aaaa-bbbb/IncomingWebhook/0123456789abcdef0123456789abcdef/7e8f9a0b-1c2d-3e4f-5a6b-7c8d9e0f1a2b', found: [['Secret', '0123456789abcdef0123456789abcdef/7e8f9a0b-1c2d-3e4f-5a6b-7c8d9e0f1a2b']] },
  { text: 'grpc metadata: authorization=Bearer a0AfH6SMBx1y2z3Qw9 user-agent=grpc-go', found: [['BearerToken', 'a0AfH6SMBx1y2z3Qw9']] },
  // Digest authentication (RFC 7616, SIP): the response hashes the password; the nonces and the rest are not secret.
  { text: 'Authorization: Digest username="Mufasa", realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"', found: [['Secret', '6629fae49393a05397450978507c4ef1']] },
  { text: 'Proxy-Authorization: Digest username="alice",realm="atlanta",nonce="84a4cc6f3082121f32b42a2187831a9e",uri="sip:bob@10.0.0.9",response="7587245234b3434cc3412213e5f113a5"\r\n', found: [['IPv4', '10.0.0.9'], ['Secret', '7587245234b3434cc3412213e5f113a5']] },
  { text: "{'Authorization': 'Digest username=\"svc\", algorithm=SHA-256, response=753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1, qop=auth'}", found: [['Secret', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1']] },
  {
    text: 'https://hooks.slack.com/services/T000/B000/XXXX https://hooks.slack.com/services/T1/B1/Y',
    found: [['SlackToken', 'https://hooks.slack.com/services/T000/B000/XXXX'], ['SlackToken', 'https://hooks.slack.com/services/T1/B1/Y']],
  },
  { text: 'POST /workflows/T01ABCDEF/A1234567/abcdefghijklmnop1 x', found: [['SlackToken', '/workflows/T01ABCDEF/A1234567/abcdefghijklmnop1']] },
  { text: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----', found: [['PrivateKey', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----']] },
  // No footer: as far as the body goes.
  { text: '-----BEGIN PRIVATE KEY-----\nMIIEvQIB ADANBg\nno footer here!', found: [['PrivateKey', '-----BEGIN PRIVATE KEY-----\nMIIEvQIB ADANBg\nno footer here']] },
];

const notTokens = [
  'xAKIAQWERTYUIOPASDFGH', // inside a longer word
  '_AKIAQWERTYUIOPASDFGH',
  'AKIAQWERTYUIOPASDFGHJ', // too long
  'xghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345',
  'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ012', // 29 after the prefix
  'xoxb-123456789', // too short
  '-xoxb-1234567890abc',
  '-eyJhbGciOi.eyJzdWIiOi.sig',
  'eyJhbGci.eyJzdWIi.x', // parts too short
  'Bearer abcdefghij1', // 11 characters
  'Bearer abcdefghijklmnopqrst', // letters of one case: prose
  'token_type=Bearer abcdefghijk1', // "bearer" as a value
  'Authorization: Token abcdefghijkl', // no digit
  'xAuthorization: Token abcdefghijk1',
  'WWW-Authenticate: Digest realm="api", qop="auth", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"', // the server's challenge
  'Authorization: Digest username="bob", response="short"', // not a hash
  'Authorization: Digest username="bob"\nresponse="6629fae49393a05397450978507c4ef1"', // another line
  'xAuthorization: Digest response="6629fae49393a05397450978507c4ef1"',
  'GET /api/webhooks/123/list HTTP/1.1', // a route, no token
  'https://discord.com/api/webhooks/123456789012345678/short', // no token's length
  'https://discord.com/channels/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrStUv', // not a webhook
  'GET /api/webhooks/123456789012345678 HTTP/1.1',
  'see /bot123 for details',
  'token_type=bearer expires_in=3600 scope=abc123', // bearer as a value
  'Authorization: Negotiate abcdefghijkl, response="6629fae49393a05397450978507c4ef1"', // only Digest's response
];

const keyed: Positive[] = [
  { text: 'password = hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'password => hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'password := hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'password: "two words"', found: [['Password', 'two words']] },
  { text: 'password=abc, user=x', found: [['Password', 'abc']] }, // closing punctuation is not part of it
  { text: 'password=abc)', found: [['Password', 'abc']] },
  { text: 'password=abc; x', found: [['Password', 'abc']] },
  { text: 'password=(abc) x', found: [['Password', '(abc)']] }, // unless the value opened it
  { text: '?password=abc&x=1', found: [['Password', 'abc']] }, // a query parameter ends at & or #
  { text: '&password=abc#frag', found: [['Password', 'abc']] },
  { text: 'password=abc&x=1', found: [['Password', 'abc&x=1']] }, // elsewhere & is part of a password
  { text: 'password was hunter2x', found: [['Password', 'hunter2x']] },
  { text: 'password set to hunter2x', found: [['Password', 'hunter2x']] },
  { text: "password is 'hunter'", found: [['Password', 'hunter']] },
  { text: "PASSWORD 'Pl4net'", found: [['Password', 'Pl4net']] },
  { text: 'mot de passe: Soleil99', found: [['Password', 'Soleil99']] },
  { text: 'mật khẩu: Soleil99', found: [['Password', 'Soleil99']] },
  { text: 'passphrase=one two three, next', found: [['Password', 'one two three']] },
  { text: 'passphrase: one two key=x', found: [['Password', 'one two']] },
  // On a command line a passphrase is one word: an option's or a shell variable's; the words after are the command's.
  { text: 'gpg --batch --passphrase GpgPass99 -d secret.gpg', found: [['Password', 'GpgPass99']] },
  { text: '+ mvn -Dgpg.passphrase=GpgPh9rase deploy', found: [['Password', 'GpgPh9rase']] },
  { text: 'GPG_PASSPHRASE=GpgPass99 gpg --batch -d secret.gpg', found: [['Password', 'GpgPass99']] },
  { text: 'passphrase: one two --verbose', found: [['Password', 'one two']] },
  { text: 'key passphrase = one two && ./sign.sh', found: [['Password', 'one two']] },
  { text: 'token=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'token=q7x9lm2pz8rt4wv6', found: [['Secret', 'q7x9lm2pz8rt4wv6']] }, // 16 characters, two classes
  { text: 'client_secret=abcdefgh', found: [['Secret', 'abcdefgh']] }, // a secret's own key: 8 characters will do
  // Java's Map.toString: the first key right after the brace.
  { text: '{password=S3cret!, user=bob}', found: [['Password', 'S3cret!']] },
  { text: 'my_secret=abcdefgh', found: [['Secret', 'abcdefgh']] },
  { text: 'secret_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'private_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'master_key=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'apikey=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['ApiKey', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'jsessionid=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'session_id=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  { text: 'aws_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  { text: 's3_secret_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  { text: 'secret_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
];

const notKeyed = [
  'password=""',
  '{{password=abc}}', // inside a placeholder
  '${password}=abc',
  '%password=abc',
  '<password></password>', // an empty element (<password>x</password> is found: rulesOptionsAndCookies.test.ts)
  'password=/etc/x', // a path
  'password=for',
  'password=Failed',
  'passwordless=abc123XYZ', // another word
  'db_password_file=/x',
  "secret 'Pl4net'", // white space alone separates only a password
  'token=0x34f4a63146b003c0', // a number in hex
  'token=com.apple.xpc.activity', // a dotted name
  'token=./a1B2c3D4e5F6g7H8', // a path
  'token=a1B2c3D4e5F6g7H8:',
  'client_secret=abcdefg', // 7 characters
  'foo_key=Q7x9Lm2Pz8Rt', // under a key of no credential kind: not random enough (rulesOptionsAndCookies.test.ts)
  'api_key=short1',
];

describe('PII detector: credentials (token shapes and secret-named keys)', () => {
  describe('token shapes, with their exact span', () => {
    for (const positive of tokens) it(JSON.stringify(positive.text).slice(0, 80), () => assertFinds(positive));
  });
  describe('not tokens', () => {
    for (const text of notTokens) it(JSON.stringify(text), () => assertNothingIn(text));
  });
  describe('values of secret-named keys, with their type and exact span', () => {
    for (const positive of keyed) it(JSON.stringify(positive.text).slice(0, 80), () => assertFinds(positive));
  });
  describe('not secrets', () => {
    for (const text of notKeyed) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});
