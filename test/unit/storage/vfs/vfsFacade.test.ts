import * as assert from 'node:assert/strict';
import { cString } from '../../../../src/storage/vfs/vfsFacade';

describe('the VFS facade', () => {
  it('copies a message as a C string that fits the buffer, never cutting a character in two', () => {
    assert.deepEqual([...cString('abc', 10)], [97, 98, 99, 0]);
    assert.deepEqual([...cString('abc', 3)], [97, 98, 0]);
    assert.deepEqual([...cString('abc', 1)], [0]);
    // "é" is two bytes: a buffer with room for one of them gets neither.
    assert.deepEqual([...cString('aé', 3)], [97, 0]);
    assert.equal(new TextDecoder().decode(cString('naïve → ok', 64).subarray(0, -1)), 'naïve → ok');
  });
});
