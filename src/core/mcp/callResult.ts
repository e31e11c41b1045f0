// What a tool call or a resource read gives the chat and the attach path: text. Images, audio and binary resources
// are named (type, size), never inlined: the model gets words, and bytes stay out of the database.

type Part = Record<string, unknown> & { type?: unknown };

const size = (base64: unknown) => (typeof base64 === 'string' ? `${Math.floor((base64.length * 3) / 4)} bytes` : 'unknown size');

function partText(part: Part): string {
  switch (part.type) {
    case 'text':
      return typeof part.text === 'string' ? part.text : '';
    case 'image':
    case 'audio':
      return `[${part.type}: ${String(part.mimeType ?? 'unknown type')}, ${size(part.data)} — not shown]`;
    case 'resource_link':
      return `[resource link: ${String(part.uri ?? '')}${part.name ? ` (${String(part.name)})` : ''}]`;
    case 'resource': {
      const resource = (part.resource ?? {}) as Record<string, unknown>;
      if (typeof resource.text === 'string') return resource.text;
      return `[resource: ${String(resource.uri ?? '')}, ${String(resource.mimeType ?? 'binary')}, ${size(resource.blob)} — not shown]`;
    }
    default:
      return `[${String(part.type ?? 'unknown')} content — not shown]`;
  }
}

/** A tools/call result as text: its parts joined by blank lines; structured content alone is given as JSON. */
export function toolResultText(result: { content?: unknown; structuredContent?: unknown; isError?: unknown; toolResult?: unknown }): { text: string; isError: boolean } {
  const parts = Array.isArray(result.content) ? (result.content as Part[]) : [];
  let text = parts.map(partText).filter((t) => t !== '').join('\n\n');
  if (!text && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
  // Protocol 2024-10-07 servers answer { toolResult } instead of content.
  if (!text && result.toolResult !== undefined) text = typeof result.toolResult === 'string' ? result.toolResult : JSON.stringify(result.toolResult);
  return { text, isError: result.isError === true };
}

/** A resources/read result's text parts; a resource with no text (only blobs) is refused with a clear reason. */
export function resourceText(uri: string, result: { contents?: unknown }): { text: string; mimeType: string | undefined } {
  const contents = Array.isArray(result.contents) ? (result.contents as Record<string, unknown>[]) : [];
  const texts = contents.filter((c) => typeof c.text === 'string');
  if (!texts.length) {
    const kinds = contents.map((c) => String(c.mimeType ?? 'binary')).join(', ') || 'nothing';
    throw new Error(`The MCP resource ${uri} has no text to attach (the server sent ${kinds}).`);
  }
  const mimeType = typeof texts[0]?.mimeType === 'string' ? texts[0].mimeType : undefined;
  return { text: texts.map((c) => c.text as string).join('\n'), mimeType };
}
