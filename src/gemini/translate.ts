/**
 * Pure translation of Google's generateContent: a request → Puter `complete`
 * args, and a non-stream Puter result → a GenerateContentResponse.
 * - `user` and `model` turns become user and assistant messages; function
 *   calls become Puter-native `tool_use` blocks with object input; function
 *   responses become `tool` messages paired with their call (by id, else by
 *   name in order); `thought` parts are not forwarded.
 * - Function declarations become function tools, Google's OpenAPI-subset
 *   schema (types in capitals) turned into JSON Schema; Google-hosted tools
 *   (`googleSearch`, `codeExecution`, …) cannot run here and are dropped.
 */
import { ProxyError } from '../errors.ts'
import type { PuterChatMessage } from '../openai/messages.ts'
import { readResult, toInputObject, type StopKind } from '../puter/result.ts'
import { isClaudeFamily, placeSystemTurns } from '../puter/system-turns.ts'
import type { TokenCounts } from '../puter/usage.ts'
import type { Content, GenerateContentRequest, GenerateContentResponse, Part, Tool, UsageMetadata } from './schema.ts'

type Block = Record<string, unknown>
const bad = (message: string) => new ProxyError(400, 'invalid_request_error', 'invalid_argument', message)

export interface GeminiCall {
  args: Record<string, unknown>
  includeThoughts: boolean
  dropped: string[]
}

/** Builds Puter args for `model`; what Puter cannot do is a 400 saying so. */
export function toPuterArgs(request: GenerateContentRequest, model: string, stream: boolean): GeminiCall {
  if (!request.contents || request.contents.length === 0) throw bad('* GenerateContentRequest.contents: contents is not specified')
  const config = request.generationConfig ?? {}
  if (config.candidateCount !== undefined && config.candidateCount !== 1) {
    throw bad('Puter returns one candidate per request: generationConfig.candidateCount must be 1.')
  }
  const claude = isClaudeFamily(model)
  const messages: PuterChatMessage[] = []
  const system = systemText(request.systemInstruction)
  if (system) messages.push({ role: 'system', content: system })
  messages.push(...toPuterMessages(request.contents, claude))
  const args: Record<string, unknown> = { model, stream, messages: placeSystemTurns(messages, claude) }

  const { tools, dropped } = toPuterTools(request.tools)
  if (tools.length > 0) {
    args.tools = tools
    const choice = toToolChoice(request.toolConfig?.functionCallingConfig)
    if (choice !== undefined) args.tool_choice = choice
  }
  if (config.temperature !== undefined) args.temperature = config.temperature
  if (config.topP !== undefined) args.top_p = config.topP
  if (config.topK !== undefined) args.top_k = config.topK
  if (config.maxOutputTokens !== undefined) args.max_tokens = config.maxOutputTokens
  if (config.stopSequences?.length) args.stop = config.stopSequences
  if (config.responseMimeType === 'application/json') {
    const schema = config.responseJsonSchema ?? (config.responseSchema ? toJsonSchema(config.responseSchema) : undefined)
    args.response_format = schema ? { type: 'json_schema', json_schema: { name: 'response', schema } } : { type: 'json_object' }
  }
  const thinking = config.thinkingConfig
  const effort = toEffort(thinking?.thinkingBudget, thinking?.thinkingLevel)
  if (effort) args.reasoning_effort = effort
  return { args, includeThoughts: thinking?.includeThoughts === true, dropped }
}

function systemText(instruction: GenerateContentRequest['systemInstruction']): string {
  if (!instruction) return ''
  if (typeof instruction === 'string') return instruction
  return instruction.parts.map((p) => p.text ?? '').filter((t) => t !== '').join('\n')
}

/** Gemini's thinking budget (tokens; -1 dynamic, 0 off) or level → Puter's effort. */
function toEffort(budget: number | undefined, level: string | undefined): 'low' | 'medium' | 'high' | undefined {
  if (level) return level.toLowerCase() === 'low' ? 'low' : level.toLowerCase() === 'high' ? 'high' : 'medium'
  if (budget === undefined || budget === 0) return undefined
  if (budget < 0) return 'medium'
  return budget <= 2048 ? 'low' : budget <= 8192 ? 'medium' : 'high'
}

function toPuterMessages(contents: readonly Content[], claude: boolean): PuterChatMessage[] {
  const out: PuterChatMessage[] = []
  // Calls not yet answered, oldest first, to pair responses that carry no id.
  const open: { id: string; name: string }[] = []
  let seq = 0
  contents.forEach((content, i) => {
    const role = content.role === 'model' ? 'assistant' : 'user'
    const blocks: Block[] = []
    for (const part of content.parts ?? []) {
      if (part.thought) continue
      if (part.functionCall) {
        const id = part.functionCall.id ?? `call_${i}_${seq++}`
        open.push({ id, name: part.functionCall.name })
        blocks.push({ type: 'tool_use', id, name: part.functionCall.name, input: toInputObject(part.functionCall.args ?? {}) })
      } else if (part.functionResponse) {
        const { name, id, response } = part.functionResponse
        const at = open.findIndex((c) => (id ? c.id === id : c.name === name))
        const call = at === -1 ? undefined : open.splice(at, 1)[0]
        out.push({ role: 'tool', tool_call_id: call?.id ?? id ?? name, content: typeof response === 'string' ? response : JSON.stringify(response ?? {}) })
      } else {
        const block = toPuterPart(part, claude)
        if (block) blocks.push(block)
      }
    }
    if (blocks.length === 0) return
    const onlyText = blocks.every((b) => b.type === 'text')
    out.push({ role, content: onlyText ? blocks.map((b) => b.text).join('') : blocks })
  })
  return out
}

function toPuterPart(part: Part, claude: boolean): Block | undefined {
  if (typeof part.text === 'string') return part.text === '' ? undefined : { type: 'text', text: part.text }
  const data = part.inlineData
  if (data) {
    const url = `data:${data.mimeType};base64,${data.data}`
    if (data.mimeType.startsWith('image/')) return claude ? { type: 'image', source: { type: 'base64', media_type: data.mimeType, data: data.data } } : { type: 'image_url', image_url: { url } }
    if (claude && data.mimeType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: data.mimeType, data: data.data } }
    return { type: 'file', file: { file_data: url } }
  }
  const file = part.fileData
  if (file) return file.mimeType?.startsWith('image/') ? { type: 'image_url', image_url: { url: file.fileUri } } : { type: 'text', text: `[file: ${file.fileUri}]` }
  return undefined // executableCode, codeExecutionResult, videoMetadata: nothing a Puter provider takes
}

function toPuterTools(tools: readonly Tool[] | undefined): { tools: Block[]; dropped: string[] } {
  const out: Block[] = []
  const dropped: string[] = []
  for (const tool of tools ?? []) {
    for (const key of Object.keys(tool)) if (key !== 'functionDeclarations') dropped.push(key)
    for (const fn of tool.functionDeclarations ?? []) {
      const parameters = fn.parametersJsonSchema ?? (fn.parameters ? toJsonSchema(fn.parameters) : { type: 'object', properties: {} })
      out.push({ type: 'function', function: { name: fn.name, description: fn.description, parameters } })
    }
  }
  return { tools: out, dropped }
}

function toToolChoice(config: { mode?: string; allowedFunctionNames?: string[] } | undefined): unknown {
  const mode = config?.mode?.toUpperCase()
  if (mode === 'NONE') return 'none'
  if (mode === 'ANY' || mode === 'VALIDATED') {
    const only = config?.allowedFunctionNames
    return only?.length === 1 ? { type: 'function', function: { name: only[0] } } : 'required'
  }
  return mode === 'AUTO' ? 'auto' : undefined
}

/** Google's OpenAPI-subset schema → JSON Schema: types in lower case, `nullable` as a type union. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') out.type = value.toLowerCase()
    else if (key === 'nullable' || key === 'propertyOrdering') continue
    else out[key] = toJsonSchema(value)
  }
  if ((schema as { nullable?: unknown }).nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  return out
}

const FINISH: Record<StopKind, string> = { end: 'STOP', tool_calls: 'STOP', stop_sequence: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY' }
export const toFinishReason = (stop: StopKind) => FINISH[stop]

/** Google's usage from any Puter usage family: candidates exclude the thoughts, counted apart. */
export function toUsageMetadata(counts: TokenCounts): UsageMetadata {
  const thoughts = Math.min(counts.reasoning, counts.output)
  const usage: UsageMetadata = { promptTokenCount: counts.input, candidatesTokenCount: counts.output - thoughts, totalTokenCount: counts.input + counts.output }
  if (thoughts > 0) usage.thoughtsTokenCount = thoughts
  if (counts.cachedInput > 0) usage.cachedContentTokenCount = counts.cachedInput
  return usage
}

export interface GeminiMeta {
  model: string
  responseId: string
  includeThoughts: boolean
}

/** Builds a GenerateContentResponse from a non-stream Puter result of any shape. */
export function toGenerateContentResponse(result: unknown, meta: GeminiMeta): GenerateContentResponse {
  const read = readResult(result)
  const parts: Part[] = []
  if (read.reasoning && meta.includeThoughts) parts.push({ text: read.reasoning, thought: true })
  if (read.text) parts.push({ text: read.text })
  for (const call of read.toolCalls) parts.push({ functionCall: { name: call.name, args: toInputObject(call.input), id: call.id } })
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: toFinishReason(read.stop), index: 0 }],
    usageMetadata: toUsageMetadata(read.usage),
    modelVersion: meta.model,
    responseId: meta.responseId,
  }
}
