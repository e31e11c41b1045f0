// Hard negatives: text shaped like PII that is not (versions, times, ids, digests, placeholders…), with every type on.
import { assertNothingIn } from './piiCases';

const negatives: Record<string, string[]> = {
  'versions shaped like IPv4 addresses': [
    'agent version 1.12.7.45 started',
    'installed pkg-4.7.6.7-beta from cache',
    'Windows 6.1.7601.23505 Service Pack 1',
    'OID 1.3.6.1.4.1.311 registered',
  ],
  'timestamps and times': [
    'at 14:24:48:574 done',
    'ts 2024-09-12T13:33:47.389Z ok',
    '2015-10-18 18:01:47,978 INFO took 12:30:45',
    '[Sun Dec 04 04:47:44 2005] notice',
  ],
  'UUIDs and hex digests': [
    'request 3f2b8c1e-9d4a-4b7e-8f21-6c5d9e0a1b2c done',
    'md5 9e107d9d372bb6826bd81d3542a419d6',
    'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'pulled nginx@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  ],
  'ports and numbers': [
    'listening on :8443',
    'listen 0.0.0.0:8080',
    'Receiving block blk_-6952295868487656571 src',
    'epoch 1694525627389 ms',
    'took 1234567890123 ns',
  ],
  'Luhn-invalid card numbers': ['card 4111 1111 1111 1112 declined', 'card 5500-0000-0000-0005', 'n=4111111111111112'],
  'invalid SSNs': ['ssn 000-12-3456', 'ssn 666-12-3456', 'ssn 912-12-3456', 'ssn 123-00-4567', 'ssn 123-45-0000'],
  'semver and code': [
    'upgraded v2.14.3 to 1.0.0-rc.1',
    'std::vector::push_back() failed',
    'db::add(row) failed', // a C++ scope whose names happen to be hex digits
    'Bad::Face() called',
    'at com.example.app.Main.run(Main.java:42)',
    'resolved @babel/core@5.15.15',
  ],
  'user@host without a domain': ['ssh root@buildhost ok', 'git@gitlab: denied'],
  placeholders: [
    'api_key=${API_KEY}',
    'password=********',
    'api_key={{ .Values.secret }}',
    'password=<your password>',
    'token=%s',
    'secret: null',
  ],
  'keys that are not secret': ['password_min_length=14', 'token_type=bearer', 'password changed for user 42', 'token expired', 'secret_version=20240101', 'GITHUB_TOKEN_SCOPES=repo,read:org', 'tokenizer=bert-base-uncased', 'secretary=Jane', 'TOKENCOUNT=4096'],
  'public PEM blocks': [
    '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n-----END CERTIFICATE-----',
  ],
  'versions after a product name (user agents, server banners)': [
    'UA Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/119.0.0.0 Safari/537.36',
    'Server: nginx/1.21.6.1 ready',
  ],
  'prose and prompts around the word password': [
    'password is too short',
    'password is not set',
    'Enter password:\n2024-09-12 INFO started',
  ],
  'a secret-named variable inside a placeholder': [
    'password=${DB_PASSWORD:-default}',
    'password=${DB_PASSWORD:-}',
    'password=${DB_PASSWORD:-${VAULT_PASSWORD}}',
    'password=${DB_PASSWORD}',
    'echo "${password}" #{password} {{password}} %{password} {password}',
    '{{password: x}}', // a template's expression, not a map
    'db_password=SecretStr(\'**********\')', // a secret type's masked print
  ],
  'argument lists with no password in them': [
    'args=["--password", "--help"]', // the next element is another option
    'fields=["email", "password", "name"]', // not an option: a list of names
    'args=["--password-file", "/run/secrets/db"]',
  ],
  'masks, package versions and ids shaped like addresses': [
    'netmask 255.255.255.0 broadcast x',
    'DHCP option 1 (subnet-mask): 255.255.252.0',
    'Setting up libfoo2:amd64 (2.4.1.9) ...',
    'message-id=<20250101120000.ABCDEF123@mail.example.org>',
    'Call-ID: 8f2e1d0c9b8a@host1.example.net CSeq: 1 INVITE',
    'journalctl -u postfix@-.service',
    'multipathd: sdb: WWPN 50:01:43:80:12:34:56:78 path added',
    'CSI    00000004@2024/1/2:03:04:05.678 WcpInitialize',
  ],
  "SQL and Redis words around no password": [
    "ALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'", // a hash, not the password
    "SET PASSWORD FOR 'app'@'%' = @new_password",
    '"AUTH" "SET" key', // not MONITOR's form: AUTH then its arguments, quoted, and nothing else
    'redis: AUTH failed for user "default"',
  ],
  'scp and git remotes (user@host:path)': ['git clone git@git.example.com:team/app.git', 'rsync -a deploy@build-07.corp.example.com:/srv/app ./'],
  'numbers around phone words that are not phone numbers': ['081111 000037 17163 INFO dfs.DataNode', 'hotel 0612345678', 'intel 0612345678', 'cellular 0612345678 modem', 'telnotes 0612345678', 'hotelNumber 0612345678'],
  'placeholders frameworks print': [
    '+ admin_password = (sensitive value)',
    '"password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"',
    '{"password":"hmac-sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"}',
    '"db.password":{"value":"******"}',
    'wtoken = AppWindowToken{9f4ef63 token=Token{a64f992}',
    'processed session termination for sessionid: 0x34f4a63146b003c',
    'password is incorrect',
    'password is required for user 42',
  ],
  'documentation examples and loopback': [
    'AccessKeyId AKIAIOSFODNN7EXAMPLE "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    'the documentation sample token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c','key AKIAIOSFODNN7EXAMPLE', 'lo 127.0.0.1 up', 'lo ::1 up', 'bind 127.0.1.1', 'mapped ::ffff:127.0.0.1'],
};

describe('PII detector: hard negatives are not flagged', () => {
  for (const [group, texts] of Object.entries(negatives)) {
    describe(group, () => {
      for (const text of texts) it(JSON.stringify(text).slice(0, 80), () => assertNothingIn(text));
    });
  }
});
