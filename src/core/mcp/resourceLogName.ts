// The name an attached MCP resource gets as a log: readable, safe as a file name, with an extension its viewer knows.

/** A file name for the log: the resource's name, or the last part of its URI; an extension from its type. */
export function logNameOf(uri: string, name: string | undefined, mimeType: string | undefined): string {
  const base = (name?.trim() || uri.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() || 'resource').replace(/[\\/:*?"<>|]+/g, '_').replace(/\p{Cc}+/gu, '_').slice(0, 200);
  if (/\.[A-Za-z0-9]{1,8}$/.test(base)) return base;
  const ext = mimeType === 'application/json' ? '.json' : mimeType === 'text/markdown' ? '.md' : mimeType === 'text/csv' ? '.csv' : '.txt';
  return base + ext;
}
