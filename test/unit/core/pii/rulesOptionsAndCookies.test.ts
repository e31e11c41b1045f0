// Credentials that a key=value reading missed: a key name ending in "key" with a random value (STRIPE_KEY=…), a
// password given to a command as an option with a space (--password x, -storepass x), the tools that take one
// under their own letters (curl -u user:pass, docker login -p, sqlcmd -P, smbclient -U user%pass), and session
// cookies (Cookie: session=…). Each with its exact span; their look-alikes are not credentials.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const RANDOM = 'Zq3xK9mPq2RtY7vBn4sLw8zYt5Uv2Wx0';

const found: Positive[] = [
  // Any "…key" name: a random value is a credential.
  { text: `STRIPE_KEY=${RANDOM}`, found: [['Secret', RANDOM]] },
  { text: `export MY_KEY="${RANDOM}"`, found: [['Secret', RANDOM]] },
  { text: `{"hmacKey": "${RANDOM}"}`, found: [['Secret', RANDOM]] },
  { text: `GET /maps?key=${RANDOM}&q=x`, found: [['Secret', RANDOM]] },
  { text: `foo_key=Q7x9Lm2Pz8Rt4Wv6Ny3K`, found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
  // A password word ending a compound name (keytool, scripts).
  { text: 'keytool -importcert -storepass=changeit2024 -keystore t.jks', found: [['Password', 'changeit2024']] },
  { text: 'DBPASS=Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  // A secret-named option, its value after a space.
  { text: 'mongosh --username admin --password Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'keytool -importcert -storepass changeit2024 -keypass Kp4ss-2024 -keystore t.jks', found: [['Password', 'changeit2024'], ['Password', 'Kp4ss-2024']] },
  { text: 'helm repo add x https://charts.example.com --username u --password "two words"', found: [['Password', 'two words']] },
  { text: `deploy --api-key ${RANDOM} --region eu`, found: [['ApiKey', RANDOM]] },
  { text: `vault login --token\t${RANDOM}`, found: [['Secret', RANDOM]] },
  { text: `app --client-secret ${RANDOM}`, found: [['Secret', RANDOM]] },
  // Tools with a password option of their own.
  { text: 'curl -u admin:S3cretPass https://api.example.com/health', found: [['Password', 'S3cretPass']] },
  { text: 'curl -s --user "deploy:Hunter 2" -X POST https://ci.example.com/job', found: [['Password', 'Hunter 2']] },
  { text: 'curl --proxy-user bob:Pr0xyPass -x http://proxy.example.com:3128 https://example.com', found: [['Password', 'Pr0xyPass']] },
  { text: 'docker login -u deploy -p Sup3rS3cretPw registry.example.com', found: [['Password', 'Sup3rS3cretPw']] },
  { text: 'podman login --username deploy --password Sup3rS3cretPw quay.io', found: [['Password', 'Sup3rS3cretPw']] },
  { text: 'sqlcmd -S db01 -U sa -P Hunter2xyz -Q "select 1"', found: [['Password', 'Hunter2xyz']] },
  { text: 'smbclient //fs01/share -U backup%Hunter2xyz -c ls', found: [['Password', 'Hunter2xyz']] },
  // Cookies: a value that looks random is a session's credential.
  { text: `Cookie: theme=dark; session=${RANDOM}; lang=en`, found: [['Secret', RANDOM]] },
  { text: 'Set-Cookie: connect.sid=s%3Aq8Zr3xK9mPq2RtY7vBn4sLw8.Qw9e8r7t6y5u4i3o2p1a; Path=/; HttpOnly', found: [['Secret', 's%3Aq8Zr3xK9mPq2RtY7vBn4sLw8.Qw9e8r7t6y5u4i3o2p1a']] },
  { text: `{"headers": {"cookie": "a=1; auth_cookie=${RANDOM}"}}`, found: [['Secret', RANDOM]] },
  { text: `> cookie: remember_me="${RANDOM}"`, found: [['Secret', RANDOM]] },
  { text: `Cookie: a=1 ;\tsession=${RANDOM}`, found: [['Secret', RANDOM]] }, // white space around the ;
  { text: `Cookie: a=1\t; session=${RANDOM}`, found: [['Secret', RANDOM]] },
];

const notFound = [
  // Keys that name data, not a credential, and values that are identifiers.
  'public_key=Q7x9Lm2Pz8Rt4Wv6Ny3K',
  'cache_key=a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
  'partition_key=Q7x9Lm2Pz8Rt4Wv6Ny3K',
  'idempotency_key=550e8400-e29b-41d4-a716-446655440000',
  'request_key=550e8400-e29b-41d4-a716-446655440000', // a UUID under a generic key names a thing
  'routing_key=orders.created.eu',
  'object_key=uploads/2024/12/a1b2c3d4e5f6g7h8.pdf',
  'key=uploads/2024/12/report-a1b2c3d4e5f6g7h8.pdf', // a file's path
  'addNotification key=0|com.tencent.mobileqq|121|null|10111', // a composite id
  'n.getKey = 0|com.example.app|4097|null|10112',
  'cache key=user:42:profile:Q7x9Lm2Pz8Rt4Wv6', // a cache key
  '{"key": "-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\\n-----END PUBLIC KEY-----"}', // a PEM block has its own rule
  'key=user_profile',
  'hotkey=Ctrl+Shift+P',
  'bypass=cache1234', // a word that ends in "pass"
  'compass=NW12',
  // Options that are not given a secret here.
  'mysqldump --password-file /etc/x db',
  'docker login --password-stdin registry.example.com',
  'use --password to set it',
  'the --password flag is deprecated',
  'app --token $TOKEN',
  'app --password -v',
  'docker build --secret id=npmrc,src=/home/u/.npmrc .',
  'docker run -p 8080:80 nginx', // -p publishes a port
  'curl -u admin https://x.example.com', // curl asks for the password
  'curl -u admin: https://x.example.com',
  'User-Agent: curl/8.5.0',
  'sqlcmd -S db01 -E -Q "select 1"',
  // Cookies that are not credentials.
  'Cookie: theme=dark; lang=en-GB',
  'Set-Cookie: sid=abc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600',
  'cookie consent accepted',
  'cookie_count=3',
];

describe('PII detector: key names ending in key, secret options, tools and cookies', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text).slice(0, 90), () => assertFinds(positive, { enabledTypes: ['Password', 'Secret', 'ApiKey', 'AWSSecretKey'] }));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['Password', 'Secret', 'ApiKey', 'AWSSecretKey'] }));
  });
});

// .netrc lines, a private key in base64 or armoured by PGP. (A request's or a presigned URL's signature is not
// reported: the labelled corpora treat AWS SigV4 signatures as plain text.)
const signedAndKeys: Positive[] = [
  { text: 'machine api.example.com login bob password s3cretNetrc', found: [['Password', 's3cretNetrc']] },
  { text: 'machine api.example.com\n  login bob\n  password s3cretNetrc\n', found: [['Password', 's3cretNetrc']] },
  // A private key's base64 data: under its name, and by its own shape (base64 of -----BEGIN … PRIVATE KEY).
  { text: '    client-key-data: c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkwYWJjZGVm', found: [['Secret', 'c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkwYWJjZGVm']] },
  { text: '  ssh-privatekey: c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkwYWJjZGVm', found: [['Secret', 'c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkwYWJjZGVm']] },
  { text: '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB', found: [['PrivateKey', 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB']] },
  { text: 'TLS_KEY_B64="LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND"', found: [['PrivateKey', 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND']] },
  { text: 'restored LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFBQUFB from backup', found: [['PrivateKey', 'LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0KYjNCbGJuTnphQzFyWlhrdGRqRUFBQUFB']] },
  {
    text: `x\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0AAAABCADJ1b2nL3k${RANDOM}\n=Ab1C\n-----END PGP PRIVATE KEY BLOCK-----\ny`,
    found: [['PrivateKey', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0AAAABCADJ1b2nL3k${RANDOM}\n=Ab1C\n-----END PGP PRIVATE KEY BLOCK-----`]],
  },
];

const notSignedOrKeys = [
  'signature=valid',
  'SignedHeaders=host;x-amz-date, Signature=e28c774515ab4346c55d39514ab2b9666be1c7bdd3da97b010e006e100c50ce7',
  'signature verification failed for sig=SIGTERM',
  'X-Hub-Signature: sha256',
  'login as root password required',
  'login bob password expired',
  'login failed: password incorrect',
  'client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=', // a certificate is public
  'ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUN5RENDQWJDZ0F3SUJBZ0lCQURBTkJna3Foa2lH',
  'xLS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcwQkFRRUZBQVND', // inside a longer word
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBF0AAAABCADJ1b2nL3k\n-----END PGP PUBLIC KEY BLOCK-----',
];

describe('PII detector: .netrc lines, private keys in base64 or PGP armour', () => {
  describe('found with their exact span', () => {
    for (const positive of signedAndKeys) it(JSON.stringify(positive.text).slice(0, 90), () => assertFinds(positive, { enabledTypes: ['Password', 'Secret', 'ApiKey', 'PrivateKey'] }));
  });
  describe('not found', () => {
    for (const text of notSignedOrKeys) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['Password', 'Secret', 'ApiKey', 'PrivateKey'] }));
  });
});

// XML elements and attribute pairs (.NET appSettings, Spring/Ant properties, WS-Security), bracketed form keys
// (user[password]=… in a query or a form body, php-fpm's env[…]), and pw= .
const markup: Positive[] = [
  { text: '<Password>Hunter2xyz</Password>', found: [['Password', 'Hunter2xyz']] },
  { text: '<password>x</password>', found: [['Password', 'x']] }, // as password=x is
  { text: '<wsse:Password Type="PasswordText">Hunter2xyz</wsse:Password>', found: [['Password', 'Hunter2xyz']] },
  { text: `<ApiKey>${RANDOM}</ApiKey>`, found: [['ApiKey', RANDOM]] },
  { text: `<add key="StripeSecret" value="${RANDOM}" />`, found: [['Secret', RANDOM]] },
  { text: `<property name="db.password" value="Hunter2xyz"/>`, found: [['Password', 'Hunter2xyz']] },
  { text: `<param name='password' value='two words'/>`, found: [['Password', 'two words']] },
  { text: 'POST /users/sign_in user[email]=x&user[password]=Hunter2xyz&commit=Sign+in', found: [['Password', 'Hunter2xyz']] },
  { text: `env[SECRET_TOKEN]=${RANDOM}`, found: [['Secret', RANDOM]] },
  { text: `params[api_key]=${RANDOM} next`, found: [['ApiKey', RANDOM]] },
  { text: 'Login attempt user=bob pw=Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: '?user=bob&pw=Hunter2xyz&x=1', found: [['Password', 'Hunter2xyz']] },
];

const notMarkup = [
  '<password></password>',
  '<password/>',
  '<password />',
  '<passwordPolicy>strict</passwordPolicy>',
  '<password>${DB_PASSWORD}</password>',
  '<add key="Theme" value="dark" />',
  '<add key="PasswordMinLength" value="14" />',
  'user[password_confirmation_sent]=true',
  'pwr=on power=12',
];

describe('PII detector: XML elements and attribute pairs, bracketed form keys, pw=', () => {
  describe('found with their exact span', () => {
    for (const positive of markup) it(JSON.stringify(positive.text).slice(0, 90), () => assertFinds(positive, { enabledTypes: ['Password', 'Secret', 'ApiKey'] }));
  });
  describe('not found', () => {
    for (const text of notMarkup) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['Password', 'Secret', 'ApiKey'] }));
  });
});

// A protocol's login (FTP and POP3 send USER, then PASS and the password), passwords piped into chpasswd or
// passwd --stdin, and card security codes; test results (Go's --- PASS: TestX, automake's PASS: name) are not.
const logins: Positive[] = [
  { text: '> USER bob\r\n< 331 Please specify the password.\r\n> PASS Hunt3r-2024\r\n< 230 Login successful.', found: [['Password', 'Hunt3r-2024']] },
  { text: '[pid 4711] FTP command: Client "edge-7", "USER bob"\n[pid 4711] FTP response: Client "edge-7", "331 Please specify the password."\n[pid 4711] FTP command: Client "edge-7", "PASS s3cr3t!"', found: [['Password', 's3cr3t!']] },
  { text: 'C: USER alice\nS: +OK\nC: PASS wonderland9\nS: +OK Logged in.', found: [['Password', 'wonderland9']] },
  { text: "echo 'deploy:S3cretPassw0rd!' | chpasswd", found: [['Password', 'S3cretPassw0rd!']] },
  // A shell's trace (set -x) prints each command of the pipeline on a line of its own, in either order.
  { text: '+ echo deploy:S3cretPassw0rd!\n+ chpasswd\n+ systemctl restart ssh', found: [['Password', 'S3cretPassw0rd!']] },
  { text: "++ sudo chpasswd\n++ echo 'root:Tr0ub4dor&3'", found: [['Password', 'Tr0ub4dor&3']] },
  { text: '+ echo S3cretPassw0rd!\n+ passwd --stdin deploy', found: [['Password', 'S3cretPassw0rd!']] },
  { text: 'echo "root:Tr0ub4dor&3" | sudo chpasswd', found: [['Password', 'Tr0ub4dor&3']] },
  { text: "chpasswd <<< 'ubuntu:P4ssw0rd-x'", found: [['Password', 'P4ssw0rd-x']] },
  { text: 'echo ubuntu:Plain9pass | chpasswd -c SHA512', found: [['Password', 'Plain9pass']] },
  { text: 'echo "S3cretPassw0rd!" | passwd --stdin deploy', found: [['Password', 'S3cretPassw0rd!']] },
  { text: "echo -n 'Xy9!pass' | sudo passwd --stdin svc", found: [['Password', 'Xy9!pass']] },
  { text: '+ echo root:Crlf9Pass\r\n+ chpasswd\r\n', found: [['Password', 'Crlf9Pass']] }, // a trace saved on Windows
  { text: 'x\r\n+ sudo -n chpasswd\r\n+ echo root:Crlf9Pass\r\n+ date', found: [['Password', 'Crlf9Pass']] },
  { text: `${'x'.repeat(500)}\n+ echo root:Far9Pass\n+ chpasswd`, found: [['Password', 'Far9Pass']] }, // far into the text
  { text: `+ chpasswd${' '.repeat(378)}\n+ echo root:Edge9Pass`, found: [['Password', 'Edge9Pass']] }, // the text ends at the reach
  { text: `+ chpasswd${' '.repeat(360)}\n+ echo root:Near9Pass`, found: [['Password', 'Near9Pass']] }, // the pair within the reach
  { text: 'charge card=tok_visa cvv=123 exp=12/27', found: [['Secret', '123']] },
  { text: '{"number":"tok_x","cvc":"4821","exp_month":12}', found: [['Secret', '4821']] },
  { text: 'card_cvv2: 987', found: [['Secret', '987']] },
  { text: 'vault login s.Vj2kQm9XpL3nR8tY5wZ1aB7c', found: [['Secret', 's.Vj2kQm9XpL3nR8tY5wZ1aB7c']] },
  { text: 'vault login -no-print s.Vj2kQm9XpL3nR8tY5wZ1aB7c', found: [['Secret', 's.Vj2kQm9XpL3nR8tY5wZ1aB7c']] },
  // The AWS CLI's own way to store a key: its value after the setting's name and a space.
  { text: 'aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzEXAMPLE1', found: [['AWSSecretKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzEXAMPLE1']] },
  { text: 'aws configure set aws_session_token FwoGZXIvYXdzEBYaDKx1 --profile ci', found: [['Secret', 'FwoGZXIvYXdzEBYaDKx1']] },
  // SMTP's AUTH: PLAIN carries user and password in base64; LOGIN sends the password on the line after the server's
  // base64 "Password:" prompt.
  { text: 'C: AUTH PLAIN AGJvYgBTM2NyZXRTbXRwMQ==\nS: 235 2.7.0 Authentication successful', found: [['Password', 'AGJvYgBTM2NyZXRTbXRwMQ==']] },
  { text: '>>> AUTH PLAIN\r\n<<< 334 \r\n>>> AGJvYgBTM2NyZXRTbXRwMQ==\r\n', found: [['Password', 'AGJvYgBTM2NyZXRTbXRwMQ==']] },
  { text: 'AUTH LOGIN\n334 VXNlcm5hbWU6\nYm9i\n334 UGFzc3dvcmQ6\nUzNjcmV0U210cDI=\n235 ok', found: [['Password', 'UzNjcmV0U210cDI=']] },
  { text: 'send: AUTH LOGIN Ym9i\nreply: 334 UGFzc3dvcmQ6\nsend: UzNjcmV0U210cDI=\n', found: [['Password', 'UzNjcmV0U210cDI=']] },
  { text: 'auth  plain AGJvYgBTM2NyZXRTbXRwMQ== ZZZZ', found: [['Password', 'AGJvYgBTM2NyZXRTbXRwMQ==']] }, // any case, the first credentials only
  { text: 'AUTH PLAIN Ym9i AGJvYgBTM2NyZXRTbXRwMQ==', found: [['Password', 'AGJvYgBTM2NyZXRTbXRwMQ==']] }, // not a word that decodes to less
  { text: 'securityCode=7412 amount=10.00', found: [['Secret', '7412']] },
];

const notLogins = [
  '--- PASS: TestLogin (0.00s)',
  '    --- PASS: TestLogin/valid_password (0.01s)',
  'PASS: test-suite-basic',
  ' PASS  src/app.test.ts (5.1 s)',
  'PASS tests/login_test.go', // no USER before: a test runner's line
  'USER PID %CPU\nroot 1 0.0\nstatus PASS overall',
  'echo "deploy ok" | tee -a chpasswd.log',
  'echo done | passwd', // no --stdin: passwd asks on the terminal
  '+ echo starting\n+ chpasswd', // no user:password
  '+ echo deploy:S3cretPassw0rd!\n+ date\n+ chpasswd', // not next to each other: not one pipeline
  'echo deploy:S3cretPassw0rd!\n+ chpasswd', // the echo is no traced command
  `+ echo deploy:S3cretPassw0rd!${'x'.repeat(400)}\n+ chpasswd`, // a traced line longer than the reach
  `+ echo deploy:S3cretPassw0rd!\n+${' '.repeat(450)}chpasswd`,
  "echo 'root:$ROOT_PW' | chpasswd", // a variable
  "echo 'root:' | chpasswd",
  'echo "$PW" | passwd --stdin deploy',
  "echo 'root:S3cretPassw0rd!' | my-chpasswd", // another tool
  "echo 'root:S3cretPassw0rd!' | xchpasswd",
  `+ chpasswd${' '.repeat(400)}\n+ echo root:Far9Pass`, // the pair longer than the reach
  `+ chpasswd\n+ echo root:${'x'.repeat(420)}`, // the echo's line longer than the reach
  '+ chpasswd\n+ echo root:S3cretPassw0rd! | tee x', // the echo line holds more than the echo
  '+ chpasswd now\n+ echo', // no word echoed
  'cvv=', // no value
  'cvv check failed', // prose
  'cvv=12345', // not a 3-4 digit code
  'cvv_required=true',
  'AUTH PLAIN', // nothing after it
  'AUTH PLAINTEXT Ym9iYm9iYm9i', // another word
  'AUTH: LOGIN 334 UGFzc3dvcmQ6\nUzNjcmV0U210cDI=', // not the command
  'smtp auth plain is disabled', // prose
  'AUTH LOGIN\n535 5.7.8 Authentication failed',
  'AUTH PLAIN\n504 5.5.4 Unrecognized authentication type',
];

describe('PII detector: protocol logins, piped passwords, card security codes', () => {
  describe('found with their exact span', () => {
    for (const positive of logins) it(JSON.stringify(positive.text).slice(0, 80), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notLogins) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});
