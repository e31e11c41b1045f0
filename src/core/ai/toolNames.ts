// The names the model sees for MCP tools. Every provider takes ^[a-zA-Z0-9_-]{1,64}$ (OpenAI's and Anthropic's
// rule; Ollama passes the name through), and two servers may both have a tool called `search`: so a tool is offered
// as `<server>_<tool>` with anything else replaced by `_`, cut to 64 characters, and a name taken already gets a
// `_2`, `_3`… suffix. The map back says which server and tool the model meant.

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_TOOL_NAME = 64;

export interface NamedTool<T> {
  /** The name offered to the model. */
  name: string;
  tool: T;
}

const clean = (text: string): string => text.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/_+/g, '_');

/** One valid, unique name per tool, in the order given (the same tools in the same order always get the same names). */
export function nameTools<T extends { serverName: string; name: string }>(tools: readonly T[]): NamedTool<T>[] {
  const taken = new Set<string>();
  return tools.map((tool) => {
    const server = clean(tool.serverName).replace(/^_+|_+$/g, '') || 'mcp';
    const base = `${server}_${clean(tool.name).replace(/^_+/, '') || 'tool'}`.slice(0, MAX_TOOL_NAME);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, MAX_TOOL_NAME - suffix.length)}${suffix}`;
    }
    // Case-insensitively unique: some providers and models fold case.
    taken.add(name.toLowerCase());
    return { name, tool };
  });
}
