/**
 * Responses input items → Puter messages (pure). `instructions` lead as the
 * system message; `developer` and `system` messages are system turns (placed
 * where each provider keeps them, see puter/system-turns.ts); function and
 * custom tool calls become Puter-native `tool_use` blocks on one assistant
 * turn per run of calls (parallel calls stay together, ahead of their
 * results); their outputs become `tool` messages. `reasoning` items are not
 * forwarded (their encrypted content is not Puter's); items of other types
 * (web_search_call, local_shell_call, compaction, …) carry nothing a Puter
 * provider can take and are skipped.
 */
import { ProxyError } from '../errors.ts'
import type { PuterChatMessage } from '../openai/messages.ts'
import { placeSystemTurns } from '../puter/system-turns.ts'
import type { InputContent, InputItem } from './schema.ts'
import { flatName } from './tools.ts'

type Part = Record<string, unknown>

/** The conversation as items: a string input is one user message. */
export function toItems(input: string | readonly InputItem[] | undefined): InputItem[] {
  if (input === undefined) return []
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }]
  return [...input]
}

/** Translates instructions and items for Puter; `claudeTarget` chooses image shapes and where system turns go. */
export function toPuterMessages(instructions: string | null | undefined, items: readonly InputItem[], claudeTarget: boolean): PuterChatMessage[] {
  const out: PuterChatMessage[] = []
  if (instructions) out.push({ role: 'system', content: instructions })
  items.forEach((item, i) => {
    const type = item.type ?? 'message'
    switch (type) {
      case 'message':
        return pushMessage(out, item, claudeTarget, i)
      case 'function_call':
        return pushCall(out, { type: 'tool_use', id: item.call_id ?? item.id ?? `call_${i}`, name: flatName(item.namespace, item.name ?? ''), input: parseArguments(item.arguments) })
      case 'custom_tool_call':
        return pushCall(out, { type: 'tool_use', id: item.call_id ?? item.id ?? `call_${i}`, name: item.name ?? '', input: { input: item.input ?? '' } })
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const { text, media } = splitOutput(item.output, claudeTarget)
        out.push({ role: 'tool', tool_call_id: item.call_id ?? '', content: text })
        if (media.length > 0) out.push({ role: 'user', content: media })
        return
      }
      default:
        return // reasoning, item_reference (resolved before), hosted tool calls: nothing for Puter
    }
  })
  return placeSystemTurns(out, claudeTarget)
}

function pushMessage(out: PuterChatMessage[], item: InputItem, claudeTarget: boolean, i: number): void {
  const role = item.role ?? 'user'
  const puterRole = role === 'developer' || role === 'system' ? 'system' : role === 'assistant' ? 'assistant' : role === 'user' ? 'user' : undefined
  if (!puterRole) {
    throw new ProxyError(400, 'invalid_request_error', 'invalid_value', `Message roles are user, assistant, system and developer; got \`${role}\`.`, `input[${i}].role`)
  }
  const content = item.content
  if (content === null || content === undefined || content === '') return
  if (typeof content === 'string') return void out.push({ role: puterRole, content })
  const parts = content.map((part) => toPuterPart(part, claudeTarget)).filter((p): p is Part => p !== undefined)
  if (parts.length === 0) return
  // System turns carry text only; a lone text part is sent as a string, as every provider takes.
  if (puterRole === 'system' || parts.every((p) => p.type === 'text')) {
    const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n')
    if (text !== '') out.push({ role: puterRole, content: text })
    return
  }
  out.push({ role: puterRole, content: parts })
}

function pushCall(out: PuterChatMessage[], block: Part): void {
  const last = out.at(-1)
  // Calls of one turn (and the text before them) travel as one assistant message, as providers expect.
  if (last?.role === 'assistant') {
    const blocks = typeof last.content === 'string' ? (last.content === '' ? [] : [{ type: 'text', text: last.content }]) : last.content
    out[out.length - 1] = { ...last, content: [...blocks, block] }
    return
  }
  out.push({ role: 'assistant', content: [block] })
}

function toPuterPart(part: InputContent, claudeTarget: boolean): Part | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return part.text ? { type: 'text', text: part.text } : undefined
    case 'refusal': {
      const refusal = (part as Part).refusal
      return typeof refusal === 'string' ? { type: 'text', text: refusal } : undefined
    }
    case 'input_image':
      return part.image_url ? toImage(part.image_url, claudeTarget) : undefined
    case 'input_file':
      return part.file_data ? toFile(part.file_data, part.filename, claudeTarget) : typeof part.text === 'string' ? { type: 'text', text: part.text } : undefined
    default:
      return typeof part.text === 'string' && part.text !== '' ? { type: 'text', text: part.text } : undefined
  }
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s

/** Images in the target's own shape: Puter does not convert between vendors' image parts. */
function toImage(url: string, claudeTarget: boolean): Part {
  if (!claudeTarget) return { type: 'image_url', image_url: { url } }
  const data = DATA_URL.exec(url)
  return data ? { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } } : { type: 'image', source: { type: 'url', url } }
}

function toFile(fileData: string, filename: string | undefined, claudeTarget: boolean): Part {
  const data = DATA_URL.exec(fileData)
  if (claudeTarget && data) return { type: 'document', source: { type: 'base64', media_type: data[1], data: data[2] } }
  return { type: 'file', file: { file_data: fileData, filename } }
}

/** A tool output as text, with its images in a user turn after it (tool messages carry text). */
function splitOutput(output: unknown, claudeTarget: boolean): { text: string; media: Part[] } {
  if (typeof output === 'string') return { text: output, media: [] }
  if (!Array.isArray(output)) return { text: output === undefined || output === null ? '' : JSON.stringify(output), media: [] }
  const texts: string[] = []
  const media: Part[] = []
  for (const part of output as InputContent[]) {
    const translated = toPuterPart(part, claudeTarget)
    if (!translated) continue
    if (translated.type === 'text') texts.push(String(translated.text))
    else media.push(translated)
  }
  return { text: texts.join('\n'), media }
}

function parseArguments(args: string | undefined): unknown {
  if (!args || args.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(args)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : args
  } catch {
    return args
  }
}
