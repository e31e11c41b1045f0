import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MaskedKey, maskedKey, maskMessage, maskToken, readMaskedKey, splitTokens, WILDCARD } from '../../../../src/core/logs/patterns/tokens';
import { MAX_MESSAGE_CHARS, OTHER_SIGNATURE, OTHER_TEMPLATE, PatternMiner } from '../../../../src/core/logs/patterns/miner';
import { LogPatternScanner } from '../../../../src/core/logs/patterns/logPatternScanner';
import { expectedTemplate, generateMessages, generatedLogText, groupingAccuracy, seeded, TEMPLATES, type Template } from './generatedLogs';

/** Mines the messages; each line's pattern index. */
function mine(messages: readonly string[], miner = new PatternMiner()) {
  const signatures = messages.map((m) => miner.push(m));
  const result = miner.finish();
  const patternOf = signatures.map((s) => (s === OTHER_SIGNATURE ? result.otherPattern : result.patternOfSignature[s]!));
  return { result, patternOf };
}

describe('log pattern miner', () => {
  describe('masking by shape', () => {
    it('masks numbers, hex, IPs, UUIDs, paths, URLs, addresses and key=value values, keeping keys and delimiters', () => {
      const cases: [string, string][] = [
        ['12345', '<*>'],
        ['0x1f', '<*>'],
        ['10.1.2.3', '<*>'],
        ['10.1.2.3:8080,', '<*>'],
        ['db-7.example.net:5432', '<*>'],
        ['alice@example.com', '<*>'],
        ['bob.nguyen@example.org:', '<*>:'],
        ['db-7.example.net:5432:', '<*>:'],
        ['b9000564-fe1a-409b-b8cc-1e88b294cd1d', '<*>'],
        ['/var/lib/app/data.db', '<*>'],
        ['https://example.org/a?b=1', '<*>'],
        ['C:\\Windows\\System32', '<*>'],
        ['00:1a:2b:3c:4d:5e', '<*>'],
        ['uid=10037,', 'uid=<*>,'],
        ['name=android', 'name=<*>'],
        ['enabled=true', 'enabled=true'],
        ['state=RUNNING,', 'state=RUNNING,'],
        ['(HWID=1973)', '(HWID=<*>)'],
        ['blk_-1608999687919862906', '<*>'],
        ['took', 'took'],
        ['eth0', 'eth0'],
        ['[main]', '[main]'],
        ['Error:', 'Error:'],
      ];
      for (const [token, masked] of cases) assert.equal(maskToken(token), masked, token);
    });

    it('takes a run of variables as one, so lists of any length share a signature', () => {
      assert.deepEqual(maskMessage('Deleting blocks 1 2 3'), ['Deleting', 'blocks', '<*>']);
      assert.equal(maskedKey('Deleting blocks 1 2 3 4 5 6'), maskedKey('Deleting blocks 7'));
    });

    it('masks a quoted value with spaces after = and a date written out in the message', () => {
      assert.equal(maskedKey('acquire tag="View Lock", uid=1'), 'acquire tag=<*>, uid=<*>');
      assert.equal(maskedKey('connection from 1.2.3.4 at Sun Jul 10 03:55:21 2005'), maskedKey('connection from 5.6.7.8 at Mon Aug  1 13:05:01 2005'));
    });

    it('the one-scan key (with its fast paths and cache) agrees with masking token by token', () => {
      const byTokens = (message: string) => {
        const out: string[] = [];
        for (const token of splitTokens(message)) {
          const mask = maskToken(token);
          if (!(mask === WILDCARD && out[out.length - 1] === WILDCARD)) out.push(mask);
        }
        return out.join(' ');
      };
      const random = seeded(5);
      const odd = ['a:b', 'x=1', 'k=v,w=2', '@', '::', 'C:\\x\\y', 'ab:cd:ef:01:23:45', 'eth0', 'SOCKS5', 'v1.2', '(1)', '', '\t'];
      const messages = [
        ...generateMessages(3000, 7).map((l) => l.message),
        ...Array.from({ length: 3000 }, () => Array.from({ length: 6 }, () => odd[Math.floor(random() * odd.length)]).join(' ')),
      ];
      for (const message of messages) assert.equal(maskedKey(message), byTokens(message), message);
    });

    it('key=value tokens and quoted values spread over tokens get the masks maskToken gives them, whatever the spaces between', () => {
      const byTokens = (message: string) => {
        const out: string[] = [];
        // As the miner's slow path reads a message: quoted values joined, then each token masked.
        for (const token of joinQuoted(splitTokens(message))) {
          const mask = maskToken(token);
          if (!(mask === WILDCARD && out[out.length - 1] === WILDCARD)) out.push(mask);
        }
        return out.join(' ');
      };
      const random = seeded(23);
      const keys = ['rt', 'user', 'a1', 'A', 'x.y', 'k-v', '_x', '.y', '9', 'é', 'ab9', 'k:v', 'a/b', 'a@b'];
      const values = ['836ms', 'u1@example.com', 'true', 'TRUE', 'RUNNING', '1', '@', 'a@b', '1.2.3.4', '1:2', 'x/1', '"1"', '1,2', '1é', 'é@', '0x1f', '1=2', '', 'a', '(1)', "'1'", '1;', '"View', 'Bearer'];
      const words = ['x', 'Lock"', 'y"z', '"', 'GET', '12', 'a="b', 'q="1 2"', 'k="v"'];
      const separators = [' ', ' ', ' ', '  ', '\t', ' \r '];
      for (let n = 0; n < 20_000; n++) {
        let message = '';
        for (let t = 0, count = 1 + Math.floor(random() * 5); t < count; t++) {
          const token = random() < 0.6 ? `${keys[Math.floor(random() * keys.length)]}=${values[Math.floor(random() * values.length)]}` : words[Math.floor(random() * words.length)]!;
          message += (t > 0 ? separators[Math.floor(random() * separators.length)] : '') + token;
        }
        assert.equal(maskedKey(message), byTokens(message), JSON.stringify(message));
      }
    });

    it('a message read from the characters of the piece it was cut from has the key it has read alone', () => {
      const random = seeded(29);
      const words = ['GET', 'uid=7,', 'rt=83ms', 'user=a@b.org', 'a="x y"', 'HTTP/1.1"', '10.0.0.1', 'Error:', '/a/b', 'é', '\ud800', '😀', 'x  y', '\t', 'at Sun Jul 10 03:55:21 2005'];
      const read = new MaskedKey();
      for (let n = 0; n < 3000; n++) {
        const message = Array.from({ length: 1 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join(' ');
        const before = 'x'.repeat(Math.floor(random() * 5)) + (random() < 0.3 ? '"=' : '');
        const piece = `${before}${message}${random() < 0.5 ? '"x' : '\n'}`;
        const codes = new Uint16Array(piece.length);
        for (let i = 0; i < piece.length; i++) codes[i] = piece.charCodeAt(i);
        readMaskedKey(message, read, codes, before.length);
        assert.equal(read.text(), maskedKey(message), JSON.stringify(message));
      }
    });

    it('mines each line of a log as it mines the line\'s message alone, however the log is cut into pieces', () => {
      const random = seeded(31);
      for (const header of ['log4j', 'json', 'plain']) {
        const text = `${generatedLogText(header, 3000, 13)}\r\nlast line é \ud800 without a break`;
        const scanned: { message: string; signature: number }[] = [];
        const scanner = new LogPatternScanner((line) => scanned.push({ message: line.parsed.message, signature: line.signature }));
        for (let at = 0; at < text.length;) {
          const size = 1 + Math.floor(random() * 3000);
          scanner.push(text.slice(at, at + size));
          at += size;
        }
        scanner.end();
        const alone = new PatternMiner();
        assert.deepEqual(scanned.map((l) => alone.push(l.message)), scanned.map((l) => l.signature), header);
        assert.ok(scanned.length > 3000 && scanner.miner.signatureCount > 5, header);
      }
    });

    it('a key read in place has the same hash for the same key however it was spelt, and equals() only its own key', () => {
      const random = seeded(11);
      const words = ['GET', 'Deleting', 'block', 'uid=7,', 'a=1', 'a="x y"', 'HTTP/1.1"', 'user=a@b.org', '10.0.0.1', 'Error:', '/a/b', 'x  y', 'auth="Bearer x y"', 'at Sun Jul 10 03:55:21 2005', '\t'];
      const messages = [
        ...generateMessages(1500, 9).map((l) => l.message),
        ...Array.from({ length: 1500 }, () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(random() < 0.2 ? '  ' : ' ')),
      ];
      const hashOf = new Map<string, number>();
      const keys = messages.map((m) => maskedKey(m));
      const read = new MaskedKey();
      messages.forEach((message, i) => {
        readMaskedKey(message, read);
        assert.equal(read.text(), keys[i], message);
        // Runs of words and masks split differently ("x  y" is two runs, "x y" one) must still hash alike.
        if (hashOf.has(keys[i]!)) assert.equal(read.hash, hashOf.get(keys[i]!), message);
        hashOf.set(keys[i]!, read.hash);
        const other = keys[Math.floor(random() * keys.length)]!;
        assert.equal(read.equals(other), other === keys[i], `${message} vs ${other}`);
        assert.ok(read.equals(keys[i]!));
        assert.ok(!read.equals(`${keys[i]} x`) && (keys[i] === '' || !read.equals(keys[i]!.slice(0, -1))), message);
      });
      assert.ok(new Set(hashOf.values()).size > hashOf.size * 0.99, 'distinct keys hash apart');
    });
  });

  it('counts a message under its key whichever way it is read: runs of words or masks, spelt with one space or more', () => {
    const miner = new PatternMiner();
    // "a  b" is read as two runs, "a b" as one, "[x] b" as a mask and a run: the same keys two by two.
    const ids = ['a  b', 'a b', 'a  b', 'a b', '[x]  b', '[x] b'].map((m) => miner.push(m));
    assert.deepEqual(ids, [0, 0, 0, 0, 1, 1]);
    assert.deepEqual(miner.finish().patterns.map((p) => [p.template, p.count]), [['a b', 4], ['[x] b', 2]]);
  });

  describe('grouping generated logs', () => {
    it('recovers every template exactly: each template one pattern, nothing mixed (grouping accuracy 1)', () => {
      const lines = generateMessages(20_000, 42);
      const { result, patternOf } = mine(lines.map((l) => l.message));
      assert.equal(groupingAccuracy(lines.map((l) => l.template), patternOf), 1);
      assert.equal(result.patterns.length, TEMPLATES.length);
      const templates = new Set(result.patterns.map((p) => p.template));
      for (const t of TEMPLATES) assert.ok(templates.has(expectedTemplate(t)), `template ${expectedTemplate(t)} among ${[...templates].join(' | ')}`);
      // Counts add up to the lines.
      assert.equal(result.patterns.reduce((sum, p) => sum + p.count, 0), lines.length);
    });

    it('keeps events apart that differ by one word taking few values (opened / closed, passed / failed, true / false)', () => {
      const lines = generateMessages(5_000, 3);
      const { result } = mine(lines.map((l) => l.message));
      const has = (template: string) => result.patterns.some((p) => p.template === template);
      assert.ok(has('Session <*> opened for user <*>') && has('Session <*> closed for user <*>'));
      assert.ok(has('Health check passed') && has('Health check failed'));
      assert.ok(has('worker pool resized: active=<*>, idle=<*>, enabled=true') && has('worker pool resized: active=<*>, idle=<*>, enabled=false'));
    });

    it('takes a word position with many values as a variable (user names, host names without digits)', () => {
      const random = seeded(9);
      const names = Array.from({ length: 200 }, (_, i) => `svc${'abcdefghij'[i % 10]}${'klmnopqrst'[Math.floor(i / 10) % 10]}${'uvwxyz'[Math.floor(i / 100)]}`);
      const messages = Array.from({ length: 1000 }, () => `Token refreshed for client ${names[Math.floor(random() * names.length)]} by scheduler`);
      const { result } = mine(messages);
      assert.deepEqual(result.patterns.map((p) => p.template), ['Token refreshed for client <*> by scheduler']);
    });

    it('joins an optional part holding a variable or a unit (1.2 KB) to the pattern without it', () => {
      const templates: Template[] = [
        { text: 'sent {int} bytes to {ip}', weight: 1 },
        { text: 'sent {int} bytes ({float} KB) to {ip}', weight: 1 },
      ];
      const lines = generateMessages(2000, 5, templates);
      const { result } = mine(lines.map((l) => l.message));
      assert.equal(result.patterns.length, 1, result.patterns.map((p) => p.template).join(' | '));
    });

    it('gives the same result whatever the order of first occurrence of signatures (no order-dependent merges)', () => {
      const lines = generateMessages(4000, 11).map((l) => l.message);
      const forward = mine(lines).result.patterns.map((p) => p.template).sort();
      const backward = mine([...lines].reverse()).result.patterns.map((p) => p.template).sort();
      assert.deepEqual(backward, forward);
    });
  });

  describe('bounded memory', () => {
    it('keeps no long token it masked: 20,000 distinct 1,000-character tokens leave the heap as they found it', () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const heap = () => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const letters = (n: number) => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
      // A colon sends the token to the full masking rules; without a digit it is its own mask, so no signature
      // holds it beyond the table's (small) cap.
      const miner = new PatternMiner({ maxSignatureBytes: 256 * 1024 });
      const before = heap();
      for (let i = 0; i < 20_000; i++) miner.push(`config ${letters(i)}:${'x'.repeat(1000)} loaded`);
      const grown = (heap() - before) / 1024 / 1024;
      assert.ok(grown < 8, `${grown.toFixed(1)} MB retained`);
      assert.ok(miner.signatureCount < 200, 'the signature table stayed under its cap');
    });

    it('past the signature cap new signatures go to the "other" bucket, counted, and memory stays under the cap', () => {
      const miner = new PatternMiner({ maxSignatures: 100 });
      const messages = Array.from({ length: 5000 }, (_, i) => `event ${['alpha', 'beta', 'gamma', 'delta'][i % 4]}${String.fromCharCode(97 + ((i >> 2) % 26))}${String.fromCharCode(97 + ((i >> 7) % 26))} happened`);
      const { result, patternOf } = mine(messages, miner);
      assert.equal(miner.signatureCount, 100);
      const other = result.patterns[result.otherPattern]!;
      assert.equal(other.template, OTHER_TEMPLATE);
      assert.equal(other.other, true);
      assert.equal(patternOf.filter((p) => p === result.otherPattern).length, other.count);
      assert.ok(other.count > 0);
      assert.equal(result.patterns.reduce((sum, p) => sum + p.count, 0), messages.length);
    });

    it('the signature table stays under its byte cap on 200,000 distinct word-only lines, and huge lines cost their first 2,048 characters', () => {
      const cap = 1024 * 1024;
      const miner = new PatternMiner({ maxSignatureBytes: cap });
      const random = seeded(3);
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      const wordOf = () => Array.from({ length: 8 }, () => letters[Math.floor(random() * 26)]).join('');
      for (let i = 0; i < 200_000; i++) miner.push(`${wordOf()} ${wordOf()} ${wordOf()} ${wordOf()}`);
      assert.ok(miner.stateBytes <= cap, `${miner.stateBytes} bytes`);
      const big = new PatternMiner();
      big.push(`start ${'word '.repeat(200_000)}`);
      assert.ok(big.stateBytes < MAX_MESSAGE_CHARS * 2 + 1024, `${big.stateBytes} bytes for one 1 MB line`);
    });
  });
});

/** key="a quoted value" spread over tokens joined into one, as the miner joins them (joinQuotedValues). */
function joinQuoted(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!.indexOf('="');
    let end = i;
    if (open >= 0 && tokens[i]!.indexOf('"', open + 2) < 0) {
      end = i + 1;
      while (end < tokens.length && !tokens[end]!.includes('"')) end++;
      if (end >= tokens.length) end = i;
    }
    out.push(tokens.slice(i, end + 1).join(' '));
    i = end;
  }
  return out;
}
