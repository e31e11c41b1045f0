// Settings: string values by key (JSON, if any, is the caller's business).
import type { Setting } from '../../core/model/setting';
import { settingKeySchema, settingValueSchema } from '../../core/model/setting';
import { sqlTimestamp } from '../clock';
import { parseInput } from '../content/errors';
import type { RepositoryContext } from './context';

interface SettingRow {
  key: string;
  value: string;
  updated_at: string;
}

const toSetting = (row: SettingRow): Setting => ({ key: row.key, value: row.value, updatedAt: row.updated_at });

export class SettingsRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** The value, or null when the key is not set. */
  get(key: string): string | null {
    return this.ctx.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [parseInput(settingKeySchema, key, 'setting key')])?.value ?? null;
  }

  set(key: string, value: string): Setting {
    const row: SettingRow = {
      key: parseInput(settingKeySchema, key, 'setting key'),
      value: parseInput(settingValueSchema, value, 'setting value'),
      updated_at: sqlTimestamp(this.ctx.clock.now()),
    };
    this.ctx.db.exec('INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at', [
      row.key, row.value, row.updated_at,
    ]);
    this.ctx.db.recordChange({ entity: 'setting', kind: 'updated', ids: [row.key] });
    return toSetting(row);
  }

  /** False when the key was not set. */
  delete(key: string): boolean {
    const name = parseInput(settingKeySchema, key, 'setting key');
    this.ctx.db.exec('DELETE FROM settings WHERE key = ?', [name]);
    const deleted = this.ctx.db.changes() > 0;
    if (deleted) this.ctx.db.recordChange({ entity: 'setting', kind: 'deleted', ids: [name] });
    return deleted;
  }

  /** Every setting, by key. */
  all(): Setting[] {
    return this.ctx.db.query<SettingRow>('SELECT key, value, updated_at FROM settings ORDER BY key').map(toSetting);
  }
}

/** The methods the main thread may call (see store.ts). */
export const SETTINGS_REMOTE = ['get', 'set', 'delete', 'all'] as const satisfies readonly (keyof SettingsRepository)[];
