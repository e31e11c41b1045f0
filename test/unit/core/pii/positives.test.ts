// Each type the detector knows, found with its exact span (synthetic values only).
import type { PiiType } from '../../../../src/core/pii/types';
import { PII_TYPES } from '../../../../src/core/pii/types';
import type { Positive } from './piiCases';
import { assertFinds } from './piiCases';

const JWT_VALUE = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXItNDIifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTEyMzQ1Ng';

const positives: Record<PiiType, Positive[]> = {
  UrlCredentials: [
    { text: 'connect https://alice:s3cretPw@db.example.com:5432/app failed', found: [['UrlCredentials', 'https://alice:s3cretPw@db.example.com:5432/app']] },
    { text: 'GET ftp://bob@files.example.net/x.tgz', found: [['UrlCredentials', 'ftp://bob@files.example.net/x.tgz']] },
    { text: 'broker=amqp://svc:Qw3rty99@10.20.30.40:5672/', found: [['UrlCredentials', 'amqp://svc:Qw3rty99@10.20.30.40:5672/']] },
  ],
  BearerToken: [
    { text: 'Authorization: Bearer abcDEF123456ghiJKL789 sent', found: [['BearerToken', 'abcDEF123456ghiJKL789']] },
    { text: 'Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==', found: [['BearerToken', 'dXNlcjpwYXNzd29yZDEyMw==']] },
    { text: 'curl -H "authorization: bearer 9f8e7d6c5b4a3f2e1d0c"', found: [['BearerToken', '9f8e7d6c5b4a3f2e1d0c']] },
    // Vendors' tokens carry = inside, not only as padding.
    { text: '> Authorization: Bearer QkxBSDEyMzQ1Njc4OTBhYmNk=7F3A9C21\r\n< HTTP/2 200', found: [['BearerToken', 'QkxBSDEyMzQ1Njc4OTBhYmNk=7F3A9C21']] },
  ],
  ApiKey: [
    { text: 'api_key=Zk93LmQpR2x8VbN4sT6w', found: [['ApiKey', 'Zk93LmQpR2x8VbN4sT6w']] },
    { text: '{"apiKey": "q8Wm2Zr7Kx4Lp9Ns3Vb6"}', found: [['ApiKey', 'q8Wm2Zr7Kx4Lp9Ns3Vb6']] },
    { text: 'X-API-KEY: 7fG2kL9pQ4wZ8xR1tY6u', found: [['ApiKey', '7fG2kL9pQ4wZ8xR1tY6u']] },
    { text: 'GET /x?api_key=Zk93LmQpR2x8VbN4sT6w&page=2', found: [['ApiKey', 'Zk93LmQpR2x8VbN4sT6w']] },
    // Any other scheme in an Authorization header; a credential-named *-Key header.
    { text: 'Authorization: ApiKey dGVzdC1pZDp0ZXN0LXNlY3JldC05OTk= sent', found: [['ApiKey', 'dGVzdC1pZDp0ZXN0LXNlY3JldC05OTk=']] },
    { text: 'Authorization: SSWS 00aBcDeFgHiJkLmNoP1234 ok', found: [['ApiKey', '00aBcDeFgHiJkLmNoP1234']] },
  ],
  Password: [
    { text: 'login password=Tr0ub4dor&3 ok', found: [['Password', 'Tr0ub4dor&3']] },
    { text: 'db_password: \'CorrectHorse9\'', found: [['Password', 'CorrectHorse9']] },
    { text: 'she said the password is hunter2x today', found: [['Password', 'hunter2x']] },
    { text: 'The password is: Winter2025', found: [['Password', 'Winter2025']] },
    { text: 'the password is "hunter" (quoted: a value, not prose)', found: [['Password', 'hunter']] },
    { text: '"passwd":"plainWord"', found: [['Password', 'plainWord']] },
    // Objects as languages print them: a map right after its brace (Elixir, a compact JS object, a YAML flow mapping),
    // a value inside a wrapper (Rust's Some("…"), a secret type's constructor).
    { text: '%{password: "El1xir!pw", email: nil}', found: [['Password', 'El1xir!pw']] },
    { text: "{password:'C0mpact!js'}", found: [['Password', 'C0mpact!js']] },
    { text: 'creds: {password: Yaml!Fl0w, user: bob}', found: [['Password', 'Yaml!Fl0w']] },
    { text: 'Config { password: Some("Ru5t!Some"), token: None }', found: [['Password', 'Ru5t!Some']] },
    { text: 'Settings { password: Some(Secret("Ru5t!Sec")) }', found: [['Password', 'Ru5t!Sec']] },
    // An option and its value as elements of an argument list (a process's argv, a container's args).
    { text: 'args=["--db-password", "Argv!Pass1", "--verbose"]', found: [['Password', 'Argv!Pass1']] },
    { text: "command: ['app', '--password','Argv!Pass2']", found: [['Password', 'Argv!Pass2']] },
    { text: 'Kennwort: Geheim123', found: [['Password', 'Geheim123']] },
    { text: 'GET /login?user=jane&password=Hunter22&next=/home HTTP/1.1', found: [['Password', 'Hunter22']] }, // ends at the next parameter
    { text: 'contraseña=Secreta99', found: [['Password', 'Secreta99']] },
    // A shell default is a literal: DB_PASSWORD names a variable, the value after :- is the password.
    { text: 'DB_PASS=${DB_PASSWORD:-s3cr3tDefault} ./start.sh', found: [['Password', 's3cr3tDefault']] },
    { text: 'password: "${PGPASSWORD:=Hunter22}"', found: [['Password', 'Hunter22']] },
    // A plain word after "is" is a password unless it is prose.
    { text: 'the wifi password is letmein', found: [['Password', 'letmein']] },
    // A passphrase is words: all of them, to the end of its clause.
    { text: 'key passphrase: purple monkey dishwasher lamp, user=ops', found: [['Password', 'purple monkey dishwasher lamp']] },
    // SQL, command lines and .pgpass lines: a password with no key=value around it.
    { text: "ALTER USER app WITH PASSWORD 'Pl4net-Bright' VALID UNTIL 'infinity'", found: [['Password', 'Pl4net-Bright']] },
    { text: "GRANT ALL ON db.* TO 'app'@'%' IDENTIFIED BY 'Ocean!77';", found: [['Password', 'Ocean!77']] },
    // MySQL's other ways to set one, as its general log shows them.
    { text: "SET PASSWORD FOR 'app'@'%' = PASSWORD('My$qlP4ss')", found: [['Password', 'My$qlP4ss']] },
    { text: "set password for 'app'@'localhost' = 'N3wP4ss!'", found: [['Password', 'N3wP4ss!']] },
    { text: "SET PASSWORD = OLD_PASSWORD('0ldSch00l')", found: [['Password', '0ldSch00l']] },
    { text: "ALTER USER 'app'@'%' IDENTIFIED WITH caching_sha2_password BY 'Ca5h!ng2'", found: [['Password', 'Ca5h!ng2']] },
    { text: "CREATE USER 'u'@'%' IDENTIFIED WITH mysql_native_password BY \"Nat1ve!pw\";", found: [['Password', 'Nat1ve!pw']] },
    // Redis's MONITOR: AUTH's password (after a user name with ACLs), quoted as it prints every argument.
    { text: '1701943200.123456 [0 127.0.0.1:6379] "AUTH" "R3disP@ss"', found: [['Password', 'R3disP@ss']] },
    { text: '1701943200.123456 [0 lua] "auth" "default" "R3disP@ss2"', found: [['Password', 'R3disP@ss2']] },
    { text: '"HELLO" "3" "AUTH" "worker" "R3disP@ss3" "SETNAME" "w1"', found: [['Password', 'R3disP@ss3']] },
    { text: "ldapwhoami -x -D cn=admin,dc=example,dc=org -w 'Gr33n-Leaf' -H ldap://x", found: [['Password', 'Gr33n-Leaf']] },
    { text: 'redis-cli -h cache -p 6379 -a Tr1cky-Fox PING', found: [['Password', 'Tr1cky-Fox']] },
    { text: 'mysqldump -u backup -pSh4dow! shop', found: [['Password', 'Sh4dow!']] },
    { text: 'line db01.example.net:5432:sales:report:Quiet-River-5', found: [['Hostname', 'db01.example.net'], ['Password', 'Quiet-River-5']] },
    // Password words in other languages; name/value pairs.
    { text: 'lösenord: Sommar2024! ok', found: [['Password', 'Sommar2024!']] },
    { text: '비밀번호=Hangang99 ok', found: [['Password', 'Hangang99']] },
    { text: '<property><name>db.password</name><value>Marble-77</value></property>', found: [['Password', 'Marble-77']] },
    { text: 'network={ ssid="lab" psk="Kettle#42" }', found: [['Password', 'Kettle#42']] },
  ],
  SSN: [
    { text: 'ssn 123-45-6789 on file', found: [['SSN', '123-45-6789']] },
    { text: 'SSN: 078051120', found: [['SSN', '078051120']] },
    { text: 'social security number is 219 09 9999', found: [['SSN', '219 09 9999']] },
    // The cue in the spellings people write it.
    { text: 'Social Security No. 219-09-9999 on file', found: [['SSN', '219-09-9999']] },
    { text: 'SSN#219099999', found: [['SSN', '219099999']] },
    { text: 'soc. sec. number: 219 09 9999', found: [['SSN', '219 09 9999']] },
    { text: 'tax id 219-09-9999', found: [['SSN', '219-09-9999']] },
    { text: '{"idType":"US-SSN","id":"219099999"}', found: [['SSN', '219099999']] },
    { text: "bind $2 = '219 09 9999'", found: [['SSN', '219 09 9999']] },
  ],
  CreditCard: [
    { text: 'card 4111 1111 1111 1111 charged', found: [['CreditCard', '4111 1111 1111 1111']] },
    { text: 'card 5500-0000-0000-0004 charged', found: [['CreditCard', '5500-0000-0000-0004']] },
    { text: 'pan=4012888888881881;', found: [['CreditCard', '4012888888881881']] },
    { text: 'amex 3782 822463 10005 ok', found: [['CreditCard', '3782 822463 10005']] },
  ],
  Email: [
    { text: 'mail jane.doe+ops@mail.example.co.uk now', found: [['Email', 'jane.doe+ops@mail.example.co.uk']] },
    { text: '<p.nguyen@corp-mail.example.org>', found: [['Email', 'p.nguyen@corp-mail.example.org']] },
    { text: 'user="o\'brien@example.ie"', found: [['Email', "o'brien@example.ie"]] },
  ],
  MAC: [
    { text: 'link 00:1A:2B:3C:4D:5E up', found: [['MAC', '00:1A:2B:3C:4D:5E']] },
    { text: 'hw=0a-1b-2c-3d-4e-5f', found: [['MAC', '0a-1b-2c-3d-4e-5f']] },
    { text: 'cisco 001a.2b3c.4d5e seen', found: [['MAC', '001a.2b3c.4d5e']] },
    // Five groups of digits first: a French phone number's shape, but the sixth group makes it an address.
    { text: 'client 01-23-45-67-89-ab leased', found: [['MAC', '01-23-45-67-89-ab']] },
  ],
  IPv6: [
    { text: 'addr 2001:db8:85a3::8a2e:370:7334 up', found: [['IPv6', '2001:db8:85a3::8a2e:370:7334']] },
    { text: 'addr 2001:0db8:0000:0000:0000:ff00:0042:8329 full', found: [['IPv6', '2001:0db8:0000:0000:0000:ff00:0042:8329']] },
    { text: 'link-local fe80::1ff:fe23:4567:890a%eth0', found: [['IPv6', 'fe80::1ff:fe23:4567:890a']] },
    { text: 'mapped ::ffff:192.0.2.128 peer', found: [['IPv6', '::ffff:192.0.2.128']] },
    { text: '[2001:db8::1]:8443', found: [['IPv6', '2001:db8::1']] },
  ],
  IPv4: [
    { text: 'from 192.168.10.20 port 22', found: [['IPv4', '192.168.10.20']] },
    { text: 'peer=10.0.0.1:8443', found: [['IPv4', '10.0.0.1']] },
    { text: 'hosts 172.16.254.1, 8.8.4.4.', found: [['IPv4', '172.16.254.1'], ['IPv4', '8.8.4.4']] },
    // Java's InetAddress prints host/address: an address, unlike a product's version (Chrome/119.0.0.0).
    { text: 'Old: msra-sa-41/10.190.173.170:9000 New: x', found: [['IPv4', '10.190.173.170']] },
  ],
  Phone: [
    { text: 'call +1 415-555-0132 now', found: [['Phone', '+1 415-555-0132']] },
    { text: 'call (415) 555-0132', found: [['Phone', '(415) 555-0132']] },
    { text: 'tel 212.555.0199', found: [['Phone', '212.555.0199']] },
    { text: 'uk +44 20 7946 0958', found: [['Phone', '+44 20 7946 0958']] },
    // National formats: trunk 0, bracketed area codes, five pairs.
    { text: 'rappel 01 23 45 67 89 demain', found: [['Phone', '01 23 45 67 89']] },
    { text: 'tel. 04.72.10.33.90', found: [['Phone', '04.72.10.33.90']] },
    { text: 'office (03) 9123 4567 x', found: [['Phone', '(03) 9123 4567']] },
    { text: 'mobile 0412 345 678', found: [['Phone', '0412 345 678']] },
    { text: 'contato (11) 91234-5678', found: [['Phone', '(11) 91234-5678']] },
    { text: '連絡先 080-1234-5678', found: [['Phone', '080-1234-5678']] },
    // Any number after a word that says it is one; SIP users and dial strings.
    { text: '"caller_id_number":"0612345678"', found: [['Phone', '0612345678']] },
    { text: 'acc: src_user=4915123456789;dst_user=0301234567', found: [['Phone', '4915123456789'], ['Phone', '0301234567']] },
    { text: 'Dial("PJSIP/0612345678@carrier-out,30")', found: [['Phone', '0612345678']] },
    // The word in the languages contact data is kept in: German, Spanish, Italian, Portuguese, Dutch, Russian.
    { text: 'Telefon: 089 12345678', found: [['Phone', '089 12345678']] },
    { text: 'Mobilnummer 0151 23456789', found: [['Phone', '0151 23456789']] },
    { text: 'teléfono: 612 345 678', found: [['Phone', '612 345 678']] },
    { text: 'móvil=612345678', found: [['Phone', '612345678']] },
    { text: 'cellulare 347 123 4567', found: [['Phone', '347 123 4567']] },
    { text: '"telefone":"11 91234 5678"', found: [['Phone', '11 91234 5678']] },
    { text: 'celular: 11 91234-5678', found: [['Phone', '11 91234-5678']] },
    { text: 'telefoon 020 123 4567', found: [['Phone', '020 123 4567']] },
    { text: 'телефон: 8 912 345 67 89', found: [['Phone', '8 912 345 67 89']] },
    { text: 'Telephone: 020 7946 0958', found: [['Phone', '020 7946 0958']] },
    // A short word with "number" glued to it (hotel, intel and cellular stay no cue).
    { text: 'faxnumber: 0301234567', found: [['Phone', '0301234567']] },
    { text: 'cellNumber=0612345678', found: [['Phone', '0612345678']] },
    { text: 'telNr: 030 1234567', found: [['Phone', '030 1234567']] },
    { text: '"faxNo":"0301234567"', found: [['Phone', '0301234567']] },
    { text: 'TELNUM=0612345678', found: [['Phone', '0612345678']] },
  ],
  Hostname: [
    { text: 'host api.internal.example.com down', found: [['Hostname', 'api.internal.example.com']] },
    { text: 'resolve db-07.prod.corp failed', found: [['Hostname', 'db-07.prod.corp']] },
  ],
  AWSAccessKey: [
    { text: 'key AKIAQWERTYUIOPASDFGH used', found: [['AWSAccessKey', 'AKIAQWERTYUIOPASDFGH']] },
    { text: 'sts ASIAZXCVBNMLKJHGFDSA', found: [['AWSAccessKey', 'ASIAZXCVBNMLKJHGFDSA']] },
  ],
  AWSSecretKey: [
    { text: 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEYabc', found: [['AWSSecretKey', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzKEYabc']] },
    { text: '"SecretAccessKey": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo"', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
    // Name/value pairs: Hadoop XML, CloudFormation outputs.
    { text: '<name>fs.s3a.secret.key</name><value>Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo</value>', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
    { text: '{"OutputKey":"SecretAccessKey","OutputValue":"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo"}', found: [['AWSSecretKey', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo']] },
  ],
  GitHubToken: [
    { text: 'token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 used', found: [['GitHubToken', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789']] },
    { text: 'pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', found: [['GitHubToken', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz']] },
  ],
  SlackToken: [
    { text: 'slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', found: [['SlackToken', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx']] },
    { text: 'hook https://hooks.slack.com/services/T0000/B0000/XXXXabcd1234 posted', found: [['SlackToken', 'https://hooks.slack.com/services/T0000/B0000/XXXXabcd1234']] },
    // A webhook logged as a path.
    { text: '"POST /services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx HTTP/1.1" 200', found: [['SlackToken', '/services/T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx']] },
  ],
  JWT: [{ text: `jwt ${JWT_VALUE} end`, found: [['JWT', JWT_VALUE]] }],
  PrivateKey: [
    {
      text: 'loaded\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq1w2e3r4t5y6\nu7i8o9p0a1s2d3f4g5h6\n-----END RSA PRIVATE KEY-----\nnext line',
      found: [['PrivateKey', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq1w2e3r4t5y6\nu7i8o9p0a1s2d3f4g5h6\n-----END RSA PRIVATE KEY-----']],
    },
    {
      // Inside JSON, with its line breaks escaped as \n.
      text: '{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B\\nAQEFAASC\\n-----END PRIVATE KEY-----\\n"}',
      found: [['PrivateKey', '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0B\\nAQEFAASC\\n-----END PRIVATE KEY-----']],
    },
    {
      text: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----',
      found: [['PrivateKey', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----']],
    },
  ],
  Secret: [
    // A secret word elsewhere in the name: the value counts when it looks random.
    { text: 'SECRET_KEY_BASE=9f3c1a7b2e8d4f60a1b2c3d4e5f60718293a4b5c6d7e8f9012', found: [['Secret', '9f3c1a7b2e8d4f60a1b2c3d4e5f60718293a4b5c6d7e8f9012']] },
    { text: 'client_secret=Q7x9Lm2Pz8Rt4Wv6Ny3K', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] },
    { text: 'session_token: aK9fPq2ZxL7mRt4Wv8Ns', found: [['Secret', 'aK9fPq2ZxL7mRt4Wv8Ns']] },
    { text: '"refreshToken":"Vb7Nq2Lx9Kp4Rz8Tw3Ym"', found: [['Secret', 'Vb7Nq2Lx9Kp4Rz8Tw3Ym']] },
    // A dotted token (prefix.env.random) is not a dotted name.
    { text: "{'access_token': 'tk.prd.Q7x9Lm2Pz8Rt4Wv6Ny3Kq1'}", found: [['Secret', 'tk.prd.Q7x9Lm2Pz8Rt4Wv6Ny3Kq1']] },
    // Session ids, registry auth strings, subscription keys: when they look random.
    { text: 'Cookie: sessionid=k2v9x7q4m1z8p3r6t5w0y2u4; theme=dark', found: [['Secret', 'k2v9x7q4m1z8p3r6t5w0y2u4']] },
    { text: '{"auths":{"registry.local":{"auth":"dXNlcjpQYXNzMTIzNDU2"}}}', found: [['Hostname', 'registry.local'], ['Secret', 'dXNlcjpQYXNzMTIzNDU2']] },
    { text: 'Ocp-Apim-Subscription-Key: 0f1e2d3c4b5a69788796a5b4c3d2e1f0', found: [['Secret', '0f1e2d3c4b5a69788796a5b4c3d2e1f0']] },
    // A secret word inside a compound word of the name (no separator, or all upper case): when the value looks random.
    { text: 'mysecret_key=9fK2pQ7xLm4Rt8VwZ3nB', found: [['Secret', '9fK2pQ7xLm4Rt8VwZ3nB']] },
    { text: 'SECRETACCESSKEY=Zp4Q9xLm2Rt7Wv8Ny3Kq1Bc6Df0Gh5Jk2Lm9Np', found: [['Secret', 'Zp4Q9xLm2Rt7Wv8Ny3Kq1Bc6Df0Gh5Jk2Lm9Np']] },
    { text: 'GITHUBTOKEN=Vb7Nq2Lx9Kp4Rz8Tw3Ym', found: [['Secret', 'Vb7Nq2Lx9Kp4Rz8Tw3Ym']] },
    { text: 'mysession_id=k2v9x7q4m1z8p3r6t5w0y2u4', found: [['Secret', 'k2v9x7q4m1z8p3r6t5w0y2u4']] },
    { text: 'USERSESSIONID=k2v9x7q4m1z8p3r6t5w0y2u4', found: [['Secret', 'k2v9x7q4m1z8p3r6t5w0y2u4']] },
    { text: 'wp_sessid: k2v9x7q4m1z8p3r6t5w0y2u4', found: [['Secret', 'k2v9x7q4m1z8p3r6t5w0y2u4']] },
    ...['dbpasswd_hash', 'dbpassword_hash', 'authtoken_id', 'tokenid', 'myapikey_v2', 'awscredential_blob', 'awscredentials_blob'].map((key) => ({
      text: `${key}=Q7x9Lm2Pz8Rt4Wv6Ny3K`,
      found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6Ny3K']] as [string, string][],
    })),
  ],
};

describe('PII detector: each type is found with its exact span', () => {
  for (const type of PII_TYPES) {
    describe(type, () => {
      for (const positive of positives[type]) {
        it(JSON.stringify(positive.text).slice(0, 80), () => assertFinds(positive));
      }
    });
  }
});
