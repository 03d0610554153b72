/**
 * Puter NDJSON events → the Responses API's stream events, pure. The grammar,
 * as OpenAI sends it: `response.created`, `response.in_progress`, then per
 * output item `response.output_item.added` … `response.output_item.done`
 * (text: `content_part.added`, `output_text.delta`*, `output_text.done`,
 * `content_part.done`; reasoning: the `reasoning_summary_part.*` and
 * `reasoning_summary_text.*` events; tool calls: `function_call_arguments.*`
 * or `custom_tool_call_input.*`), and last `response.completed` (or
 * `response.incomplete`). Every event carries a strictly increasing
 * `sequence_number`. A failure is thrown; `failedEvent` then makes the
 * `response.failed` event that ends the stream.
 */
import { fromStreamFailure, ProxyError } from '../errors.ts'
import { asEvent, midStreamError } from '../puter/events.ts'
import type { StopKind } from '../puter/result.ts'
import { readUsage } from '../puter/usage.ts'
import type { PuterUsage } from '../puter/wire.ts'
import type { StreamTranslator } from '../sse.ts'
import type { OutputItem, ResponseObject } from './schema.ts'
import { messageItem, reasoningItem, toCallItem, toResponseObject, toUsage, type ResponseMeta } from './translate.ts'

type Event = Record<string, unknown> & { type: string }

export interface ResponsesStream {
  translator: StreamTranslator<Event>
  /** The `response.failed` event for `err`, numbered after everything sent so far. */
  failedEvent(err: unknown): Event
  /** The response as it ended (completed, incomplete or failed), once it has. */
  final(): ResponseObject | undefined
}

export interface StreamOptions {
  /** Known only when Puter answered with JSON: a stream cannot tell a token-limit stop. */
  stop?: StopKind
  onUsage?: (usage: ResponseObject['usage']) => void
}

/** A translator for one streamed response. */
export function createResponsesStream(meta: ResponseMeta, echo: Record<string, unknown>, options: StreamOptions = {}): ResponsesStream {
  let seq = 0
  const done: OutputItem[] = []
  let open: { kind: 'message' | 'reasoning'; id: string; text: string } | undefined
  let usage: PuterUsage | undefined
  let sawUsage = false
  let ended: ResponseObject | undefined

  const emit = (out: Event[], type: string, fields: Record<string, unknown>) => out.push({ type, ...fields, sequence_number: seq++ })
  const snapshot = (status: ResponseObject['status']) => toResponseObject(meta, echo, status, [...done], null)
  const index = () => done.length

  const close = (out: Event[]) => {
    if (!open) return
    const { kind, id, text } = open
    open = undefined
    const output_index = index()
    if (kind === 'message') {
      const part = { type: 'output_text', text, annotations: [] }
      emit(out, 'response.output_text.done', { item_id: id, output_index, content_index: 0, text, logprobs: [] })
      emit(out, 'response.content_part.done', { item_id: id, output_index, content_index: 0, part })
      const item = messageItem(id, text)
      emit(out, 'response.output_item.done', { output_index, item })
      done.push(item)
    } else {
      const part = { type: 'summary_text', text }
      emit(out, 'response.reasoning_summary_text.done', { item_id: id, output_index, summary_index: 0, text })
      emit(out, 'response.reasoning_summary_part.done', { item_id: id, output_index, summary_index: 0, part })
      const item = reasoningItem(id, text)
      emit(out, 'response.output_item.done', { output_index, item })
      done.push(item)
    }
  }

  const delta = (out: Event[], kind: 'message' | 'reasoning', text: string) => {
    if (open?.kind !== kind) {
      close(out)
      const id = meta.newId(kind === 'message' ? 'msg' : 'rs')
      open = { kind, id, text: '' }
      const output_index = index()
      if (kind === 'message') {
        emit(out, 'response.output_item.added', { output_index, item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } })
        emit(out, 'response.content_part.added', { item_id: id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } })
      } else {
        emit(out, 'response.output_item.added', { output_index, item: { id, type: 'reasoning', summary: [] } })
        emit(out, 'response.reasoning_summary_part.added', { item_id: id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } })
      }
    }
    if (text === '') return
    open!.text += text
    if (kind === 'message') emit(out, 'response.output_text.delta', { item_id: open!.id, output_index: index(), content_index: 0, delta: text, logprobs: [] })
    else emit(out, 'response.reasoning_summary_text.delta', { item_id: open!.id, output_index: index(), summary_index: 0, delta: text })
  }

  // Puter sends each tool call whole: one delta with all of the arguments.
  const call = (out: Event[], e: Record<string, unknown>) => {
    close(out)
    const item = toCallItem(meta, { id: typeof e.id === 'string' ? e.id : `call_${index()}`, name: typeof e.name === 'string' ? e.name : '', input: e.input })
    const output_index = index()
    if (item.type === 'custom_tool_call') {
      emit(out, 'response.output_item.added', { output_index, item: { ...item, status: 'in_progress', input: '' } })
      emit(out, 'response.custom_tool_call_input.delta', { item_id: item.id, output_index, delta: item.input })
      emit(out, 'response.custom_tool_call_input.done', { item_id: item.id, output_index, input: item.input })
    } else {
      emit(out, 'response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } })
      emit(out, 'response.function_call_arguments.delta', { item_id: item.id, output_index, delta: item.arguments })
      emit(out, 'response.function_call_arguments.done', { item_id: item.id, output_index, name: item.name, arguments: item.arguments })
    }
    emit(out, 'response.output_item.done', { output_index, item })
    done.push(item)
  }

  const translator: StreamTranslator<Event> = {
    start() {
      const out: Event[] = []
      emit(out, 'response.created', { response: snapshot('in_progress') })
      emit(out, 'response.in_progress', { response: snapshot('in_progress') })
      return out
    },
    push(events, out) {
      for (const event of events) {
        const e = asEvent(event)
        if (e.type === 'text' && typeof e.text === 'string' && e.text !== '') delta(out, 'message', e.text)
        else if (e.type === 'reasoning' && typeof e.reasoning === 'string' && e.reasoning !== '') delta(out, 'reasoning', e.reasoning)
        else if (e.type === 'tool_use') call(out, e)
        else if (e.type === 'usage') {
          usage = e.usage as PuterUsage | undefined
          sawUsage = true
        } else if (e.type === 'error') {
          throw midStreamError(e)
        }
        // extra_content, compaction and future types carry nothing the Responses stream has a place for.
      }
    },
    end(out) {
      if (!sawUsage) throw new ProxyError(502, 'api_error', 'upstream_stream_error', 'The Puter stream ended before it was complete; the answer may be cut off.')
      close(out)
      if (done.length === 0) {
        // An empty answer is still a message, as OpenAI sends it.
        delta(out, 'message', '')
        close(out)
      }
      const incomplete = options.stop === 'length' || options.stop === 'content_filter'
      ended = toResponseObject(meta, echo, incomplete ? 'incomplete' : 'completed', [...done], toUsage(readUsage(usage)), options.stop)
      options.onUsage?.(ended.usage)
      emit(out, incomplete ? 'response.incomplete' : 'response.completed', { response: ended })
    },
  }

  return {
    translator,
    failedEvent(err) {
      const error = fromStreamFailure(err)
      ended = { ...snapshot('failed'), error: { code: error.code ?? 'server_error', message: error.message } }
      return { type: 'response.failed', response: ended, sequence_number: seq++ }
    },
    final: () => ended,
  }
}
