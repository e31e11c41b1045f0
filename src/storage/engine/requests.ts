// The engine's requests that carry data from outside (a key, a file, a desktop database): zod schemas the worker
// validates each call with (engineImpl.ts).
import { z } from 'zod';

/** A key as it crosses the thread boundary: raw keys as hex, so nothing depends on Buffer surviving a clone. */
export const wireKeySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plain') }),
  z.object({ kind: z.literal('passphrase'), passphrase: z.string().min(1) }),
  z.object({ kind: z.literal('raw'), keyHex: z.string().regex(/^[0-9a-fA-F]{64}$/) }),
]);
export type WireKey = z.infer<typeof wireKeySchema>;

export const openRequestSchema = z.object({
  file: z.string().min(1),
  key: wireKeySchema,
  create: z.boolean().default(true),
  busyTimeoutMs: z.number().int().positive().optional(),
  /** The credentials key (hex, 32 bytes), kept apart from the database key (docs/storage.md "Keys"). */
  credentialKeyHex: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
});
export type OpenRequest = z.input<typeof openRequestSchema>;

export const importDesktopRequestSchema = z.object({
  /** The desktop app's database file; it is copied, never opened or changed. */
  file: z.string().min(1),
  /** Its passphrase (TRCAA_DB_KEY of the desktop app), or plain for a debug build's database. */
  key: wireKeySchema,
  /** SHA-256 of TRCAA_ENCRYPTION_KEY (hex): the desktop credentials key; without it credentials are skipped. */
  desktopCredentialKeyHex: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
});
export type ImportDesktopRequest = z.input<typeof importDesktopRequestSchema>;
