/** Pure Gemini translation: requests → Puter args, results → GenerateContentResponses, stream chunks. */
import { describe, expect, test } from 'bun:test'
import { createGeminiTranslator } from '../src/gemini/stream.ts'
import { toGenerateContentResponse, toJsonSchema, toPuterArgs } from '../src/gemini/translate.ts'

const meta = { model: 'm', responseId: 'r1', includeThoughts: false }

describe('requests', () => {
  test('responses without ids pair with their calls by name, in order; thought parts are not forwarded', () => {
    const { args } = toPuterArgs({ contents: [
      { role: 'user', parts: [{ text: 'go' }] },
      { role: 'model', parts: [{ text: 'thinking…', thought: true }, { functionCall: { name: 'a', args: { x: 1 } } }, { functionCall: { name: 'a', args: { x: 2 } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'a', response: { r: 1 } } }, { functionResponse: { name: 'a', response: { r: 2 } } }] },
    ] }, 'gpt-5-nano', false)
    const messages = args.messages as any[]
    const ids = messages[1].content.map((b: any) => b.id)
    expect(messages[1].content.map((b: any) => b.type)).toEqual(['tool_use', 'tool_use'])
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: ids[0], content: '{"r":1}' },
      { role: 'tool', tool_call_id: ids[1], content: '{"r":2}' },
    ])
  })

  test('generation config, tool config, JSON mode; hosted tools dropped and named; candidateCount 2 refused', () => {
    const call = toPuterArgs({
      contents: [{ parts: [{ text: 'x' }] }],
      tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] }, { googleSearch: {} } as never],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } },
      generationConfig: { topK: 5, responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'INTEGER' } } }, thinkingConfig: { thinkingBudget: 20000, includeThoughts: true } },
    }, 'gemini-2.5-flash', true)
    expect(call.args).toMatchObject({ stream: true, top_k: 5, reasoning_effort: 'high', tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { schema: { type: 'object', properties: { a: { type: 'integer' } } } } } })
    expect(call.dropped).toEqual(['googleSearch'])
    expect(call.includeThoughts).toBe(true)
    expect(() => toPuterArgs({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { candidateCount: 2 } }, 'm', false)).toThrow(/candidateCount/)
    expect(() => toPuterArgs({ contents: [] }, 'm', false)).toThrow(/contents/)
  })

  test('Google\'s schema subset becomes JSON Schema', () => {
    expect(toJsonSchema({ type: 'ARRAY', items: { type: 'STRING', nullable: true }, propertyOrdering: ['a'] })).toEqual({ type: 'array', items: { type: ['string', 'null'] } })
  })
})

describe('responses', () => {
  test('finish reasons and usage from every family; thoughts only when asked for', () => {
    const claude = { message: { content: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'Cut' }], stop_reason: 'max_tokens' }, usage: { input_tokens: 10, output_tokens: 7, thinking_tokens: 3, cache_read_input_tokens: 2 } }
    const plain = toGenerateContentResponse(claude, meta)
    expect(plain.candidates[0]).toMatchObject({ finishReason: 'MAX_TOKENS', content: { role: 'model', parts: [{ text: 'Cut' }] } })
    expect(plain.usageMetadata).toEqual({ promptTokenCount: 12, candidatesTokenCount: 4, thoughtsTokenCount: 3, cachedContentTokenCount: 2, totalTokenCount: 19 })
    expect(toGenerateContentResponse(claude, { ...meta, includeThoughts: true }).candidates[0]!.content.parts[0]).toEqual({ text: 'Hmm.', thought: true })
    const openrouter = toGenerateContentResponse({ message: { content: 'ok' }, usage: { prompt: 5, completion: 1 } }, meta)
    expect(openrouter.usageMetadata).toMatchObject({ promptTokenCount: 5, candidatesTokenCount: 1 })
  })

  test('a stream: a chunk per batch (text runs joined), then the finish chunk; a cut stream fails', () => {
    const t = createGeminiTranslator(meta)
    const out: any[] = [...t.start()]
    t.push([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }, { type: 'tool_use', id: 'c', name: 'f', input: { x: 1 } }], out)
    t.push([{ type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2 } }], out)
    t.end(out)
    expect(out.map((c) => c.candidates[0].content.parts)).toEqual([[{ text: 'ab' }, { functionCall: { name: 'f', args: { x: 1 }, id: 'c' } }], []])
    expect(out[1]).toMatchObject({ candidates: [{ finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 5 } })
    const cut = createGeminiTranslator(meta)
    expect(() => cut.end([])).toThrow(/ended before it was complete/)
  })
})
