import * as assert from 'node:assert/strict';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

describe('SettingsRepository', () => {
  const ctx = useAttachmentStore();

  it('sets, reads, overwrites (updated_at moves), lists by key and deletes string values', () => {
    const { store, clock } = ctx();
    assert.equal(store.settings.get('ai.provider'), null);
    assert.deepEqual(store.settings.set('ai.provider', 'ollama'), { key: 'ai.provider', value: 'ollama', updatedAt: '2026-01-02 03:04:05' });
    store.settings.set('ui.json', JSON.stringify({ a: [1, 2] }));
    clock.advance(60_000);
    assert.equal(store.settings.set('ai.provider', 'openai').updatedAt, '2026-01-02 03:05:05');
    assert.equal(store.settings.get('ai.provider'), 'openai');
    assert.equal(store.settings.get('ui.json'), '{"a":[1,2]}');
    store.settings.set('empty', '');
    assert.equal(store.settings.get('empty'), '', 'the empty string is a value, not absence');
    assert.deepEqual(store.settings.all().map((s) => s.key), ['ai.provider', 'empty', 'ui.json']);
    assert.equal(store.settings.delete('ai.provider'), true);
    assert.equal(store.settings.delete('ai.provider'), false);
    assert.equal(store.settings.get('ai.provider'), null);
  });

  it('refuses non-string values and empty keys', async () => {
    const { store } = ctx();
    await failsWith(() => store.settings.set('k', 42 as never), 'VALIDATION');
    await failsWith(() => store.settings.set('k', null as never), 'VALIDATION');
    await failsWith(() => store.settings.set('', 'v'), 'VALIDATION');
    await failsWith(() => store.settings.get(''), 'VALIDATION');
    assert.deepEqual(store.settings.all(), []);
  });
});
