/**
 * A typed client generated from openapi/openapi.json, as the README shows:
 *   npx openapi-typescript openapi/openapi.json -o test/clients/generated/puter-openai-proxy.d.ts --default-non-nullable=false
 * Run: bun test/clients/openapi-fetch-client.ts <base URL> <Puter token>; prints what it got as JSON.
 */
import createClient from 'openapi-fetch'
import type { components, paths } from './generated/puter-openai-proxy.d.ts'

type Chunk = components['schemas']['ChatCompletionChunk']

const [baseUrl = 'http://localhost:3000', token = ''] = process.argv.slice(2)
const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } })

const models = await client.GET('/v1/models')
if (!models.data) throw new Error(`listModels failed: ${JSON.stringify(models.error)}`)

const model = await client.GET('/v1/models/{model}', { params: { path: { model: 'openrouter:anthropic/claude-3.5-sonnet' } } })

const completion = await client.POST('/v1/chat/completions', {
  body: { model: 'gpt-5-nano', messages: [{ role: 'user', content: 'typed client' }] },
})
if (!completion.data) throw new Error(`createChatCompletion failed: ${JSON.stringify(completion.error)}`)
// The 200 documents both media types (JSON and the event-stream chunk); a non-stream answer has `message`.
const choice = completion.data.choices[0]
const content = choice && 'message' in choice ? choice.message.content : undefined

const streamed = await client.POST('/v1/chat/completions', {
  body: { model: 'gpt-5-nano', stream: true, messages: [{ role: 'user', content: 'typed stream' }] },
  parseAs: 'stream',
})
let text = ''
let frames = 0
let buffer = ''
const decoder = new TextDecoder()
for await (const bytes of streamed.response.body!) {
  buffer += decoder.decode(bytes, { stream: true })
  let end = buffer.indexOf('\n\n')
  while (end !== -1) {
    const frame = buffer.slice(0, end)
    buffer = buffer.slice(end + 2)
    end = buffer.indexOf('\n\n')
    if (!frame.startsWith('data: ')) continue
    frames++
    if (frame === 'data: [DONE]') continue
    const chunk = JSON.parse(frame.slice(6)) as Chunk
    text += chunk.choices[0]?.delta.content ?? ''
  }
}

const error = await client.POST('/v1/chat/completions', { body: { model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] } })

// /v1/models documents its three shapes (OpenAI's, Anthropic's, Google's): an OpenAI client narrows to its own.
const list = models.data
const one = model.data
console.log(JSON.stringify({
  modelIds: list && 'data' in list && 'object' in list ? list.data.map((m) => m.id) : [],
  retrieved: one && 'id' in one ? one.id : undefined,
  content,
  streamedText: text,
  frames,
  errorStatus: error.response.status,
  errorCode: error.error?.error.code,
}))
