// Provider keys with a documented prefix (rules/vendorTokens.ts): found as ApiKey wherever they appear, with no key
// name around them, each with its exact span; publishable keys, words that start like a prefix, placeholders and
// values of the wrong length or charset are not. Every token here is synthetic (random characters in the vendor's shape).
import * as assert from 'node:assert/strict';
import { VENDOR_PREFIXES, VENDOR_TRIGGER } from '../../../../src/core/pii/rules/vendorTokens';
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn, detect } from './piiCases';

const TOKENS = {
  stripeLive: 'sk_live_51H8xKQLkdIwHu7ixZXeZ2K9nT0pLqWcRtYvBnM4s',
  stripeTest: 'sk_test_vhhA0tbITr2ynDyllV2Z3WHc',
  stripeRestricted: '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',
  stripeRestrictedTest: 'rk_test_vhhA0tbITr2ynDyllV2Z3WHc',
  stripeWebhook: 'whsec_dgBjAUEn1tGI8b9Olf6L5U6akqVlcraR',
  openaiLegacy: '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',
  openaiProject: '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',
  openaiService: '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',
  openaiAdmin: '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',
  anthropic: 'sk-ant-api03-K6NNX971K5iZrobljTN9ACJzxxQGC6VOniUgBSQcfbM7IomrjPsF8VA-xSG1XHgXhm0gj6plTMD5m3RofnMOuJ6P3cOc0AA',
  anthropicAdmin: 'sk-ant-admin01-KEG3yeXoc24ZnZD0H4uc8-WI1-n-Cot_nQUNkhv1f0XJeoMUWgks8gvgWg8lo5Pv1xg2qqWGTwsrI4Dn4xvOHQQGV8tAVAA',
  google: 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY',
  googleOauth: 'ya29.a0AfH6SMBx3kZq3xK9mPq2RtY7vBn4sLw8zYt5Uv2Wx0Ab1',
  npm: 'npm_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ',
  gitlabPat: 'glpat-yz3moT3n8yVsBV3IkMv4',
  gitlabPatRoutable: 'glpat-c712g3YCKYIXfuAmtErSk9ywVaw.e1h5v20vy',
  gitlabDeploy: 'gldt-vLd2dU2aREcAEtC-bb7f',
  gitlabRunner: 'glrt-hgbOd2AM4Vn1AysvIgGa',
  gitlabTrigger: 'glptt-a729e002351b824ce253aa5aacf036b102a1abe4',
  gitlabFeed: 'glft-jIjp73_FOldRnVMV9yOPsbleO73qaQfn-PPYk47H647uBnz',
  gitlabMail: 'glimt-FCG5moW6X2DFncrCEUpyYITq2nnwpRGN',
  gitlabAgent: 'glagent-vaP8w_9HTubM1AVCGBXo8S5dAILde8eWYehlF2Z4Tfa-CGfZ6ol3Ozb8J',
  gitlabOauth: 'gloas-SpjOTrQd470kW2VIU3cf0OjmDbmrFi9uVS',
  gitlabScim: 'glsoat-nzjndVLjO7Zzfm7nHa2F5La7DwclNsurzSSbWm',
  gitlabFeatureFlag: 'glffct-WDs211bK4dvJJeYsZqzrpQh',
  gitlabJob: 'glcbt-iM7ll__eowMZi_Hk35dyVpXgXb',
  docker: 'dckr_pat_2b3e4f5a6b7c8d9e0f1a2b3c4d5',
  dockerOrganization: 'dckr_oat_dIit-WZmF4Z19KSBF2rhdJJOR1njJaMk',
  huggingFace: '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',
  pypi: 'pypi-AgEIcHlwaS5vcmcCnAaqy-4KLSQarvXNbGL-OjmDsXCjmfvqLlarV9ffVohLJLEUjnFc9OkkJcRCUvL64cnHU',
  shopifyAccess: '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',
  shopifyShared: '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',
  shopifyCustom: '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',
  shopifyPrivate: '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',
  digitalOcean: 'dop_v1_68ad67aac2c76d52af19a475fe1741e97a6d2ba8cabf1d94d1709e992cb704f8',
  digitalOceanOauth: 'doo_v1_68ad67aac2c76d52af19a475fe1741e97a6d2ba8cabf1d94d1709e992cb704f8',
  digitalOceanRefresh: 'dor_v1_68ad67aac2c76d52af19a475fe1741e97a6d2ba8cabf1d94d1709e992cb704f8',
  sendGrid: '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',
  databricks: 'dapibbfaa2e46f608927cb9b3db545ed8ec9',
  vaultService: 'hvs.uxOaIKMTr-lsos-EV4rGcjMt2wBbhEHJTreM4wS8z0EzwvPOfUsw5FxRAIIvKLaejyIpxvej2UTWni0dOAZ91C7cl_f',
  vaultBatch: 'hvb.Ob1HsT8C-jyqwH-4cybIU-JG1zk3dH0gsYC0gl-rmaDm6S0W2GhoPsy1TZ0P47EYNqdFLoCU-aH_7MgsFe2MFlAU0bC2q7Q9u0VoyZNglX67GvtkNYnEv74fv_6lbGF3f92bhBNdV_GL',
  newRelic: 'NRAK-TOWT5ROCLLZXQ15UES9RKUEE4EF',
  postman: 'PMAK-c106935c54fe3e26630d6b78-bdb79a7eee41f8f6d589b993bc3b6762d6',
  grafanaServiceAccount: 'glsa_TopAmrY9IXNjVThhzS0tfzH526avX9S2_aeb8e654',
  grafanaCloud: 'glc_/OC+zrHiku1Ih3FgxkMb2K8x/8GoAPq1JkxPV1zbDnCjpca6==',
  sentryOrg: 'sntrys_eyJpYXQiOjE3MDAwMDAwMDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuZXhhbXBsZS5jb20ifQ==_lOK5WdtJEPlObL0Xpn3D2fTX863++c5nQD98kuW1Y1d',
  sentryUser: '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',
};

const found: Positive[] = [
  // The brief's leaks: no key name around them (or one that names no secret).
  { text: `charging with ${TOKENS.stripeLive} now`, found: [['ApiKey', TOKENS.stripeLive]] },
  { text: `export STRIPE_KEY=${TOKENS.stripeLive}`, found: [['ApiKey', TOKENS.stripeLive]] },
  { text: `Using key ${TOKENS.google} for maps`, found: [['ApiKey', TOKENS.google]] },
  { text: `token ${TOKENS.npm}`, found: [['ApiKey', TOKENS.npm]] },
  { text: `docker login -p ${TOKENS.docker} -u ops`, found: [['Password', TOKENS.docker]] }, // given as login's password: that type ranks first
  { text: `using ${TOKENS.docker} -u ops`, found: [['ApiKey', TOKENS.docker]] },
  // Every vendor, alone in a sentence.
  ...Object.entries(TOKENS).map(([vendor, token]): Positive => ({ text: `${vendor} uses ${token} here`, found: [['ApiKey', token]] })),
  // Quoted, in JSON, in a URL query, at the end of a sentence, glued to punctuation.
  { text: `{"key":"${TOKENS.openaiProject}"}`, found: [['ApiKey', TOKENS.openaiProject]] },
  { text: `client = Anthropic('${TOKENS.anthropic}')`, found: [['ApiKey', TOKENS.anthropic]] },
  { text: `GET /maps/api/geocode/json?address=x&key=${TOKENS.google}&sensor=false`, found: [['ApiKey', TOKENS.google]] },
  { text: `signing with ${TOKENS.stripeWebhook}.`, found: [['ApiKey', TOKENS.stripeWebhook]] },
  { text: `(${TOKENS.huggingFace}),${TOKENS.shopifyAccess};`, found: [['ApiKey', TOKENS.huggingFace], ['ApiKey', TOKENS.shopifyAccess]] },
  { text: TOKENS.sendGrid, found: [['ApiKey', TOKENS.sendGrid]] }, // the whole text
  // A Databricks token may end in a -N suffix; a GitLab routable token in .<base36>.
  { text: `tok ${TOKENS.databricks}-2 ok`, found: [['ApiKey', `${TOKENS.databricks}-2`]] },
  { text: `tok ${TOKENS.gitlabPatRoutable}.`, found: [['ApiKey', TOKENS.gitlabPatRoutable]] },
  // Hugging Face's letters: a quarter of either case is enough (6 of 34).
  { text: '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', found: [['ApiKey', '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']] },
  { text: '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', found: [['ApiKey', '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']] },
  // Brackets, braces, pipes and back-quotes around a key are not part of a token.
  { text: `[${TOKENS.npm}] {${TOKENS.google}} |${TOKENS.docker}| \`${TOKENS.shopifyAccess}\``, found: [['ApiKey', TOKENS.npm], ['ApiKey', TOKENS.google], ['ApiKey', TOKENS.docker], ['ApiKey', TOKENS.shopifyAccess]] },
  // Under a generic key name the key's own value is the same span.
  { text: `NPM_TOKEN=${TOKENS.npm}`, found: [['ApiKey', TOKENS.npm]] },
];

const notFound = [
  // Publishable keys are public.
  'pk_live_51H8xKQLkdIwHu7ixZXeZ2K9nT0pLqWcRtYvBnM4s',
  'pk_test_vhhA0tbITr2ynDyllV2Z3WHc',
  // Inside a longer word.
  `task-${TOKENS.openaiLegacy}`,
  `my${TOKENS.stripeLive}`,
  `x_${TOKENS.npm}`,
  `rhf_yZOPnCGPzrUUGKSLxlvpLxALKSpRvEGHXh`,
  `sdapibbfaa2e46f608927cb9b3db545ed8ec9`,
  // …also when the trigger pass finds the prefix at a later character (whsec_ at its h, PMAK- at its A).
  `x${TOKENS.postman}`,
  `_${TOKENS.newRelic}`,
  `my${TOKENS.pypi}`,
  `-${TOKENS.stripeWebhook}`,
  // The anchor without the rest of its prefix.
  `K-${TOKENS.postman.slice(5)}`,
  `MAK-${TOKENS.postman.slice(5)}`,
  TOKENS.pypi.slice(5), // AgEIcHlwaS5vcmc… without pypi-
  TOKENS.stripeWebhook.slice(1), // hsec_…
  // Words and names that start like a prefix.
  'pip install sk-learn scikit-learn',
  'host sk-prod-01 is down',
  'pod sk-payments-gateway-api-7d9f8b6c4-x2v9q restarted', // lower case and digits only: a name
  'sk-THIS-IS-NOT-A-KEY-BUT-A-LONG-SHOUTED-NAME-2024', // no lower case
  'sk-ThisIsALongCamelCaseIdentifierWithoutAnyDigits', // no digits
  'npm_config_cache=/tmp/npm npm_lifecycle_event=build',
  'hf_requiredCharacteristicTypesForDisplayMetadata',
  'hf_servingcellprioritypArametersdescriptionh', // 34 letters, but nearly all lower case: a name
  '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', // all lower case
  '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', // 5 upper case of 34
  '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', // 5 lower case of 34
  // Glued to a letter or digit at either end (the first and last of each range).
  ...['0', '9', 'A', 'Z', 'a', 'z'].flatMap((c) => [`${c}${TOKENS.npm}`, `${TOKENS.npm}${c}`, `${c}${TOKENS.postman}`]),
  'dapi_version=2 dapigateway',
  'SG.1.2 SG.x_y',
  'NRAK-short PMAK-notakey',
  'whsec_short',
  // Placeholders: one character repeated.
  'glpat-XXXXXXXXXXXXXXXXXXXX',
  'glpat-xxxxxxxxxxx-xxxxxxxx',
  'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
  'glptt-0000000000000000000000000000000000000000',
  'shpat_00000000000000000000000000000000',
  // Too short, too long, or the wrong characters for the vendor's shape.
  'sk_live_abc123',
  `${TOKENS.google.slice(0, -1)} x`, // 34 characters after AIza
  'ya29.just-a-version-string-here-not-random', // no digits, one case
  `kya29.${TOKENS.googleOauth.slice(5)}`, // inside a longer word
  `${TOKENS.google}Q x`, // 36
  `${TOKENS.npm.slice(0, -1)} x`,
  `${TOKENS.npm}Q x`,
  `${TOKENS.shopifyAccess.slice(0, -1)}g`, // not hex
  `${TOKENS.digitalOcean}0`, // 65 hex
  `${TOKENS.databricks}x`,
  'sk-i2kuvqVY6bN2fjq', // an OpenAI-like key too short to be one
];

describe('PII detector: provider keys with a documented prefix (ApiKey)', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });

  it('is redacted as [ApiKey], and found when only ApiKey is enabled', () => {
    const text = `key ${TOKENS.google} ok`;
    const spans = detect(text, { enabledTypes: ['ApiKey'] });
    assert.deepEqual(
      spans.map((s) => [s.value, s.replacement]),
      [[TOKENS.google, '[ApiKey]']],
    );
  });

  it('a key after Bearer is the bearer token (its stronger type), and the scan goes on after a key', () => {
    assertFinds({ text: `Authorization: Bearer ${TOKENS.openaiLegacy}`, found: [['BearerToken', TOKENS.openaiLegacy]] });
    assertFinds({ text: `${TOKENS.npm} ${TOKENS.docker} ${TOKENS.google}`, found: [['ApiKey', TOKENS.npm], ['ApiKey', TOKENS.docker], ['ApiKey', TOKENS.google]] });
  });

  it('every prefix of the table has a key found above', () => {
    for (const prefix of VENDOR_PREFIXES) assert.ok(Object.values(TOKENS).some((token) => token.startsWith(prefix)), prefix);
  });

  it('the trigger finds them at characters the other shapes start with, but for s r n d S (V8 skips on at most 16)', () => {
    const firsts = new Set([...VENDOR_TRIGGER.matchAll(/(?:^|\)\|)(.)\(\?:/g)].map((m) => m[1]));
    assert.deepEqual([...firsts].filter((c) => !'-eEAgxh/Bba'.includes(c as string)).sort(), ['S', 'd', 'n', 'r', 's']);
  });
});
