// Passwords with no key name (rules/commandLine.ts): a command's password option and the last field of a .pgpass
// line, each with its exact span; prompts, variables and other words are not passwords.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  { text: 'ldapsearch -x -w Secret99 -b x', found: [['Password', 'Secret99']] },
  { text: 'ldapsearch -x -wSecret99 -b x', found: [['Password', 'Secret99']] },
  { text: 'ldapsearch -x -w "Two Words" -b x', found: [['Password', 'Two Words']] },
  { text: "ldapsearch -w 'Gr33n'x", found: [['Password', 'Gr33n']] },
  { text: 'redis-cli --pass Tr1cky-Fox PING', found: [['Password', 'Tr1cky-Fox']] },
  { text: 'redis-cli -a "Tr1cky Fox"', found: [['Password', 'Tr1cky Fox']] },
  { text: 'mysql -u root --password=Sh4dow! db', found: [['Password', 'Sh4dow!']] },
  { text: 'MYSQL -u root -pSh4dow! db', found: [['Password', 'Sh4dow!']] },
  { text: 'mariadb -pXyz123 db', found: [['Password', 'Xyz123']] },
  { text: 'sshpass -p Gr33n ssh host', found: [['Password', 'Gr33n']] },
  { text: 'sshpass -pGr33n ssh host', found: [['Password', 'Gr33n']] },
  { text: 'sshpass -p "Gr33n Leaf" ssh', found: [['Password', 'Gr33n Leaf']] },
  // .pgpass: host:port:database:user:password, * for any field but the password.
  { text: 'db01.example.net:*:*:*:Quiet-River-5', found: [['Hostname', 'db01.example.net'], ['Password', 'Quiet-River-5']] },
  { text: '10.1.2.3:5432:sales:report:Quiet-River-5', found: [['IPv4', '10.1.2.3'], ['Password', 'Quiet-River-5']] },
  { text: 'run: ldapsearch -x -w Secret99 -b x', found: [['Password', 'Secret99']] }, // after other text
  { text: 'a; sshpass -p Gr33n ssh host', found: [['Password', 'Gr33n']] },
  { text: 'db01.example.net:5432:sales:report:pa**', found: [['Hostname', 'db01.example.net'], ['Password', 'pa**']] }, // stars inside a password
  { text: 'db01.example.net:5432:sales:report:*abc', found: [['Hostname', 'db01.example.net'], ['Password', '*abc']] },
  { text: 'db01.example.net:5432:sales:report:Quiet\\:River x', found: [['Hostname', 'db01.example.net'], ['Password', 'Quiet\\:River']] },
  // A quote never closed on its line (a logger cut the line inside it): the password runs to the line's end.
  { text: "sshpass -p 'unterminated", found: [['Password', 'unterminated']] },
  { text: 'ldapsearch -x -w "Two Words\r\nnext line', found: [['Password', 'Two Words']] },
  { text: 'mysql -u root -p"Sh4dow and more\nmysql ok', found: [['Password', 'Sh4dow and more']] },
  // Windows and Linux administration (process-creation and PowerShell logs, shell history).
  { text: 'net user backupadmin Hunter2xyz! /add', found: [['Password', 'Hunter2xyz!']] },
  { text: 'NET USER "svc sql" Hunter2xyz /ADD', found: [['Password', 'Hunter2xyz']] },
  { text: 'net use \\\\fs01\\share /user:corp\\bob Hunter2xyz /persistent:no', found: [['Password', 'Hunter2xyz']] },
  { text: 'psexec \\\\host01 -u admin -p Hunter2xyz cmd', found: [['Password', 'Hunter2xyz']] },
  { text: 'schtasks /create /tn x /ru admin /rp Hunter2xyz /tr calc', found: [['Password', 'Hunter2xyz']] },
  { text: 'schtasks /query /s host01 /u admin /p Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: '$pw = ConvertTo-SecureString "Hunter2xyz" -AsPlainText -Force', found: [['Password', 'Hunter2xyz']] },
  { text: "convertto-securestring -String 'Two Words' -asplaintext -force", found: [['Password', 'Two Words']] },
  { text: 'htpasswd -b /etc/nginx/.htpasswd bob Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'htpasswd -bc /etc/nginx/.htpasswd bob Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'htpasswd -nb bob Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'rabbitmqctl add_user admin Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'rabbitmqctl change_password admin Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: "az login --service-principal -u 7f3e1c2a-1b2c-4d5e-8f90-123456789abc -p 'Xq7~8Q~abcDEFghi01' --tenant contoso", found: [['Password', 'Xq7~8Q~abcDEFghi01']] },
  { text: 'openssl enc -aes-256-cbc -k S3cretEnc1 -in a -out b', found: [['Password', 'S3cretEnc1']] },
  { text: "openssl passwd -6 -salt xyz 'Hunter2xyz'", found: [['Password', 'Hunter2xyz']] },
  { text: 'openssl passwd -1 Hunter2xyz', found: [['Password', 'Hunter2xyz']] },
  { text: 'zip -r -P S3cretZip1 out.zip dir', found: [['Password', 'S3cretZip1']] },
  { text: 'unzip -P "S3cret Zip" out.zip', found: [['Password', 'S3cret Zip']] },
  { text: 'nmcli dev wifi connect HomeNet password S3cretWifi1', found: [['Password', 'S3cretWifi1']] },
  { text: 'nmcli con modify HomeNet wifi-sec.psk S3cretWifi2', found: [['Password', 'S3cretWifi2']] },
  { text: 'wpa_passphrase HomeNet S3cretWpa1', found: [['Password', 'S3cretWpa1']] },
  { text: 'wpa_passphrase "Home Net" "S3cret Wpa"', found: [['Password', 'S3cret Wpa']] },
  { text: 'snmpwalk -v2c -c S3cretComm 10.0.0.1 system', found: [['Password', 'S3cretComm'], ['IPv4', '10.0.0.1']] },
  { text: 'snmpget -v3 -l authPriv -u ops -a SHA -A S3cretAuth1 -x AES -X S3cretPriv1 10.0.0.2 sysName.0', found: [['Password', 'S3cretAuth1'], ['Password', 'S3cretPriv1'], ['IPv4', '10.0.0.2']] },
  // An option that is no password (a variable) does not stop the reading of the others on the line.
  { text: "ssh-keygen -t ed25519 -N 'Passphr4se!' -f /root/.ssh/id_deploy", found: [['Password', 'Passphr4se!']] },
  { text: 'ssh-keygen -p -P 0ldPhrase -N N3wPhrase -f id_rsa', found: [['Password', '0ldPhrase'], ['Password', 'N3wPhrase']] },
  { text: '7z a -pS3cretPass -mhe=on backup.7z /data', found: [['Password', 'S3cretPass']] },
  { text: "7za x -p'two words' archive.7z", found: [['Password', 'two words']] },
  { text: 'snmpwalk -v2c -c Comm9unity', found: [['Password', 'Comm9unity']] }, // the text ends with the value
  { text: 'uptime\nsnmpwalk -v2c -c Comm9unity router01', found: [['Password', 'Comm9unity']] }, // a line after others
  { text: 'snmpget -v3 -c $COMMUNITY -A Auth9Pass -X Priv9Pass router01 sysName.0', found: [['Password', 'Auth9Pass'], ['Password', 'Priv9Pass']] },
  // psexec's own -p, not the -p of the command it runs.
  { text: 'psexec \\\\srv01 -u admin -p Adm1nPw ping -p 64 router01', found: [['Password', 'Adm1nPw']] },
  { text: 'sqlcmd -S db01 -U sa -P *Star9Pw', found: [['Password', '*Star9Pw']] }, // a star alone is a prompt, not a leading one
  { text: 'curl -u $API_USER:S3cretPw9 https://api.example.com/v1', found: [['Password', 'S3cretPw9']] }, // a variable user, a literal password
  { text: 'ipmitool -I lanplus -H bmc01 -U admin -P S3cretBmc1 chassis status', found: [['Password', 'S3cretBmc1']] },
  { text: 'sqlplus scott/T1gerPass@orcl', found: [['Password', 'T1gerPass']] },
  { text: 'sqlplus -s "sys/S3cretSys1 as sysdba"', found: [['Password', 'S3cretSys1']] },
  { text: 'expdp system/S3cretExp1@db schemas=app directory=dp', found: [['Password', 'S3cretExp1']] },
  { text: 'rman target sys/S3cretRman1@prod', found: [['Password', 'S3cretRman1']] },
  { text: 'impdp userid=app/S3cretImp1 dumpfile=x.dmp', found: [['Password', 'S3cretImp1']] },
  { text: 'exp userid=scott/T1gerExp file=x.dmp', found: [['Password', 'T1gerExp']] },
  { text: 'imp file=x.dmp userid="system/S3cretImp2@db" full=y', found: [['Password', 'S3cretImp2']] },
  // Oracle's user/password in a JDBC thin URL and in SQL*Plus's CONNECT (a spooled script's log).
  { text: 'url=jdbc:oracle:thin:scott/T1gerJdbc@db01:1521/ORCL', found: [['Password', 'T1gerJdbc']] },
  { text: '"url":"jdbc:oracle:thin:app/S3cret#Jdbc@//db01:1521/XE"', found: [['Password', 'S3cret#Jdbc']] },
  { text: 'SQL> connect scott/T1gerConn@orcl', found: [['Password', 'T1gerConn']] },
  { text: 'CONNECT system/S3cretSys2 AS SYSDBA', found: [['Password', 'S3cretSys2']] },
  { text: 'SQL> conn app/S3cretConn1@pdb1', found: [['Password', 'S3cretConn1']] },
  { text: 'mongo -u admin -p S3cretMongo2 --authenticationDatabase admin', found: [['Password', 'S3cretMongo2']] },
  { text: 'mongodump --uri x -u admin -p S3cretMongo3', found: [['Password', 'S3cretMongo3']] },
  { text: 'lftp -u bob,S3cretLftp1 sftp://files', found: [['Password', 'S3cretLftp1']] },
  { text: 'xfreerdp /u:admin /p:S3cretRdp1 /v:rdp01', found: [['Password', 'S3cretRdp1']] },
  { text: 'rdesktop -u admin -p S3cretRdp2 rdp01', found: [['Password', 'S3cretRdp2']] },
];

const notFound = [
  'ldapsearch -x -w - -b x', // read from stdin
  'ldapsearch -x -w $PASS -b x', // a variable
  'xldapsearch -x -w Secret99', // another word
  'my-ldapsearch -w Secret99',
  '_ldapsearch -w Secret99',
  'ldapsearchd -w Secret99',
  'redis-cli -aTr1cky', // redis takes its password after a space
  'mysql -u root -p db', // a prompt
  'mysql -u root -p-x db',
  'mysqlx -pSh4dow!',
  'mysql -u root\n -pSh4dow!', // another line
  'ldapsearch -x -w "',
  'net user bob * /add', // net asks for it
  'net user bob /delete',
  'net use \\\\fs01\\share /user:corp\\bob',
  'the net user count went up',
  'network user bob Hunter2xyz',
  'internet use is fine',
  'psexec \\\\host01 -u admin cmd',
  "ssh-keygen -t ed25519 -N '' -C deploy -f id_deploy", // no passphrase
  'ssh-keygen -t rsa -N "" -f id_rsa',
  'ssh-keygen -l -f id_rsa.pub', // no passphrase option
  '7z x -p archive.7z', // asks for it
  'mymysql -pS3cretPw1 db', // another tool whose name ends in one
  'pre-sshpass -p S3cretPw1 ssh host',
  'curl -u bob: https://x', // no password after the user
  'schtasks /run /tn backup',
  'schtasks /create /tn x /ru admin /rp * /tr calc',
  'ConvertTo-SecureString $encrypted -Key $key', // not plain text
  'ConvertTo-SecureString "76492d1116743f0423413b16050a5345" -Key $key',
  'htpasswd -D /etc/nginx/.htpasswd bob',
  'htpasswd /etc/nginx/.htpasswd bob', // prompts
  'rabbitmqctl list_users',
  'rabbitmqctl delete_user admin',
  'vault login -method=oidc', // the browser asks
  'vault login', // a prompt
  'vault login -', // read from stdin
  'vault login -address https://vault.internal:8200', // a prompt
  'az login --use-device-code',
  'az login -u bob', // a prompt for the password
  'aws configure set region eu-west-1',
  'aws configure set default.output json',
  'openssl enc -aes-256-cbc -kfile key.txt -in a -out b',
  'openssl passwd -stdin',
  'zip -r out.zip dir',
  'unzip -l out.zip',
  'zip code 12345',
  'nmcli dev wifi connect HomeNet --ask',
  'wpa_passphrase HomeNet', // reads it from stdin
  'snmpwalk -v2c -Cc router01', // no community
  'sqlplus /nolog',
  'sqlplus / as sysdba', // the operating system's login, no password
  'sqlplus scott@orcl', // a prompt
  'rman target /',
  'the sqlplus 12/27 release', // a date, not user/password
  'sql error for user/role mapping', // not a tool's name
  'exp backoff/retry after 5 s', // exp and imp only with userid=
  'imp scott/tiger',
  'jdbc:oracle:thin:@db01:1521:ORCL', // the user and password elsewhere
  'connect to replica/standby failed', // no @database, no AS SYSDBA: a path
  'SQL> connect / as sysdba',
  'SQL> conn scott@orcl', // a prompt
  'conn=5 op=2 BIND dn="cn=admin"',
  'mongo -p', // a prompt
  'lftp -u bob sftp://files', // a prompt
  'rdesktop -p - rdp01', // read from stdin
];

describe('PII detector: passwords on command lines and in .pgpass lines', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive, { enabledTypes: ['Password', 'Hostname', 'IPv4'] }));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });
  it('a .pgpass line whose password is * or whose fields do not fit has no password', () => {
    for (const text of ['db01.example.net:5432:sales:report:*', 'db01.example.net:5432:sales:report:**', 'db01.example.net:5432:sales:report:Quiet-River-5:x', 'db01.example.net:543210:sales:report:Quiet-River-5']) {
      assertFinds({ text, found: [['Hostname', 'db01.example.net']] });
    }
  });
});
