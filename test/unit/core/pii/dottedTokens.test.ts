// Dotted tokens (part.part.part) in upper case, as a logger that upper-cases its line writes them, are secrets like
// their mixed-case siblings: under a token's key when a long part mixes letters and digits, and alone when three long
// parts look random (a JWS's shape; an upper-cased JWT is a JWT). Upper-case dotted words — Java packages, host
// names, error codes — stay plain. Every value is synthetic.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const UPPER_JWT = 'EYJHBGCIOIJIUZI1NIJ9.EYJZDWIIOIJ0ZXN0LXVZZXITNDIIFQ.C2LNBMF0DXJLLW5VDC1YZWFSLTEYMZQ1NG';
// jwt.io's example (public documentation), upper-cased.
const UPPER_JWT_EXAMPLE = 'EYJHBGCIOIJIUZI1NIISINR5CCI6IKPXVCJ9.EYJZDWIIOIIXMJM0NTY3ODKWIIWIBMFTZSI6IKPVAG4GRG9LIIWIAWF0IJOXNTE2MJM5MDIYFQ.SFLKXWRJSMEKKF2QT4FWPMEJF36POK6YJV_ADQSSW5C';

const cases: Positive[] = [
  // Under a token's key: a long part mixing letters and digits makes the value random-looking, in any case.
  { text: 'TOKEN=AKIAXXXX.ABCDEFGHIJKLMNOP.QRSTUVWXYZ123456', found: [['Secret', 'AKIAXXXX.ABCDEFGHIJKLMNOP.QRSTUVWXYZ123456']] },
  { text: '"TOKEN": "AKIAXXXX.ABCDEFGHIJKLMNOP.QRSTUVWXYZ123456"', found: [['Secret', 'AKIAXXXX.ABCDEFGHIJKLMNOP.QRSTUVWXYZ123456']] },
  { text: 'token=AB.CD.Q7X9LM2PZ8RT4WV6NY3KQ1', found: [['Secret', 'AB.CD.Q7X9LM2PZ8RT4WV6NY3KQ1']] },
  { text: 'token=ab.cd.q7x9lm2pz8rt4wv6ny3kq1', found: [['Secret', 'ab.cd.q7x9lm2pz8rt4wv6ny3kq1']] },
  { text: 'token=x.y.abcdefgh12345678', found: [['Secret', 'x.y.abcdefgh12345678']] }, // as token=abcdefgh12345678 is
  { text: 'token=x.y.ABCDEFGH12345678', found: [['Secret', 'x.y.ABCDEFGH12345678']] },
  { text: 'token=abcdef.MnOpQrStUvWxYzAb', found: [['Secret', 'abcdef.MnOpQrStUvWxYzAb']] }, // two parts: no dotted name
  // Alone: three long parts that look random (letters and digits, or a run of consonants no word has).
  { text: 'ref QWERTYUIOPASDF.GHJKLZXCVBNMQWE.RTYUIOPASDFGHJ end', found: [['Secret', 'QWERTYUIOPASDF.GHJKLZXCVBNMQWE.RTYUIOPASDFGHJ']] },
  { text: 'ref Q7x9Lm2Pz8Rt4Wv6.Ny3Kq1Bc6Df0Gh5J.k2Lm9NpXq1Zr end', found: [['Secret', 'Q7x9Lm2Pz8Rt4Wv6.Ny3Kq1Bc6Df0Gh5J.k2Lm9NpXq1Zr']] },
  { text: 'ref Q7X9LM2PZ8RT.NY3KQ1BC6DF0.K2LM9NPXQ1ZR.', found: [['Secret', 'Q7X9LM2PZ8RT.NY3KQ1BC6DF0.K2LM9NPXQ1ZR']] }, // a full stop after it
  { text: 'GET /reset/Q7X9LM2PZ8RT.NY3KQ1BC6DF0.K2LM9NPXQ1ZR HTTP/1.1', found: [['Secret', 'Q7X9LM2PZ8RT.NY3KQ1BC6DF0.K2LM9NPXQ1ZR']] },
  // An upper-cased JWT is a JWT.
  { text: `auth ${UPPER_JWT} end`, found: [['JWT', UPPER_JWT]] },
  { text: `Authorization: Bearer ${UPPER_JWT}`, found: [['JWT', UPPER_JWT]] },
];

const notFound = [
  'COM.EXAMPLE.SERVICE started',
  'ERROR.CODE.X raised',
  'at ORG.SPRINGFRAMEWORK.BOOT.AUTOCONFIGURE.CONDITION',
  'APPLICATIONCONFIGURATION.DATASOURCESETTINGS.CONNECTIONTIMEOUT=30',
  'rest_framework.exceptions.ValidationError raised',
  'at com.example.service.ServiceImplementationFactory.createInstance(Factory.java:42)',
  'SERVICEREGISTRY.LOADBALANCER.HEALTHCHECKER ok', // words
  'id 123456789012.123456789012.123456789012', // digits only
  'XMLHttpRequestFactory.createConnection.withTimeout', // one part with consonants together (an acronym), not two
  'a.QWERTYUIOPASDF.GHJKLZXCVBNMQWE.RTYUIOPASDFGHJ', // four parts: a dotted name
  'QWERTYUIOPASDF.GHJKLZXCVBNMQWE.RTYUIOPASDFGHJ.b',
  'QWERTYUIOPA.GHJKLZXCVBNMQWE.RTYUIOPASDFGHJ', // a part under 12 characters
  'token=COM.EXAMPLE.SERVICE',
  'TOKEN=ERROR.CODE.X',
  'token=abc.def.ghi',
  // Dotted names under a token's key: no part of 16+ characters that is letters and digits only, mixed.
  'token=abcdef.ghijkl.MnOpQrStUvWxYz',
  'token=ab.cd.Q7x9Lm2Pz8Rt4Wv6/x',
  'token=ab.cd.x/Q7x9Lm2Pz8Rt4Wv6',
  'token=ab.cd.ef.1234567890123456', // its long part has no letter
  `doc ${UPPER_JWT_EXAMPLE} end`,
];

describe('PII detector: dotted tokens in upper case', () => {
  for (const positive of cases) it(JSON.stringify(positive.text), () => assertFinds(positive));
  for (const text of notFound) it(`not ${JSON.stringify(text)}`, () => assertNothingIn(text));
});
