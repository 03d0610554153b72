/**
 * Responses tools → the function tools Puter takes, and the way back from a
 * called name to the item the client expects (pure):
 * - `function` tools (flat shape) become OpenAI function tools;
 * - `custom` tools (free-form input) are offered as a function with one string
 *   parameter, `input`, and answered as `custom_tool_call`;
 * - `namespace` tools (Codex sends one: a named group of functions) are
 *   offered as their functions under `<namespace>__<name>`, Codex's own flat
 *   form, and answered as a `function_call` with `name` and `namespace`;
 * - hosted tools run on OpenAI's side and cannot run here: they are dropped,
 *   and named so the route can say so.
 */
import { ProxyError } from '../errors.ts'
import type { Tool } from './schema.ts'

/** What a called name stands for. */
export interface ToolTarget {
  kind: 'function' | 'custom'
  name: string
  namespace?: string
}

export interface PuterTools {
  tools: Record<string, unknown>[]
  /** Flat name sent to Puter → what it stands for. */
  targets: Map<string, ToolTarget>
  /** Types of the tools that were not forwarded (hosted tools). */
  dropped: string[]
}

const NAMESPACE_DELIMITER = '__'

/** The flat name a namespaced tool is offered under. */
export const flatName = (namespace: string | undefined, name: string): string =>
  namespace ? `${namespace.replace(/_+$/, '')}${NAMESPACE_DELIMITER}${name.replace(/^_+/, '')}` : name

/** Translates `tools`; a function or custom tool without a name is a 400 naming it. */
export function toPuterTools(tools: readonly Tool[] | undefined): PuterTools {
  const out: PuterTools = { tools: [], targets: new Map(), dropped: [] }
  const add = (tool: Tool, param: string, namespace?: string) => {
    if (!tool.name) throw new ProxyError(400, 'invalid_request_error', 'invalid_value', `A ${tool.type} tool needs a \`name\`.`, `${param}.name`)
    const name = flatName(namespace, tool.name)
    const description = tool.description ?? undefined
    if (tool.type === 'custom') {
      const format = (tool as { format?: { type?: string; definition?: string; syntax?: string } }).format
      const grammar = format?.type === 'grammar' && format.definition ? ` It must match this ${format.syntax ?? ''} grammar:\n${format.definition}` : ''
      out.tools.push({ type: 'function', function: { name, description, parameters: {
        type: 'object', properties: { input: { type: 'string', description: `The tool's free-form input.${grammar}` } }, required: ['input'],
      } } })
      out.targets.set(name, { kind: 'custom', name: tool.name })
      return
    }
    out.tools.push({ type: 'function', function: { name, description, parameters: tool.parameters ?? { type: 'object', properties: {} } } })
    out.targets.set(name, { kind: 'function', name: tool.name, namespace })
  }
  ;(tools ?? []).forEach((tool, i) => {
    if (tool.type === 'function' || tool.type === 'custom') return add(tool, `tools[${i}]`)
    if (tool.type === 'namespace') {
      return (tool.tools ?? []).forEach((inner, j) => add({ ...inner, type: inner.type ?? 'function' } as Tool, `tools[${i}].tools[${j}]`, tool.name))
    }
    out.dropped.push(tool.type)
  })
  return out
}

/** `tool_choice` in the shape Puter's providers read (most ignore it, §4). */
export function toToolChoice(choice: unknown, targets: Map<string, ToolTarget>): unknown {
  if (choice === undefined || choice === null) return undefined
  if (typeof choice === 'string') return choice // auto, none, required
  const c = choice as { type?: string; name?: string; namespace?: string }
  if ((c.type === 'function' || c.type === 'custom') && c.name) {
    const name = flatName(c.namespace, c.name)
    return targets.has(name) ? { type: 'function', function: { name } } : undefined
  }
  // A hosted tool or an allowed_tools set: the nearest Puter can do is to let the model choose.
  return 'auto'
}
