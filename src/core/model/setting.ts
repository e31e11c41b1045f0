// Settings: string values by key (JSON, if any, is the caller's business).
import { z } from 'zod';

export const settingKeySchema = z.string().min(1).max(200);
export const MAX_SETTING_VALUE_BYTES = 1024 * 1024;
export const settingValueSchema = z.string().refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_SETTING_VALUE_BYTES, `a value must be at most ${MAX_SETTING_VALUE_BYTES} bytes of UTF-8`);

export interface Setting {
  key: string;
  value: string;
  /** 'YYYY-MM-DD HH:MM:SS' UTC. */
  updatedAt: string;
}
