/**
 * Elysia's own typed RPC: an Eden Treaty client built from the app's type.
 * The `@ts-expect-error` lines make `tsc` (part of `npm test`) fail if the
 * inference is ever lost.
 */
import { treaty } from '@elysiajs/eden'
import { afterAll, beforeAll, expect, test } from 'bun:test'
import type { App } from '../src/app.ts'
import { TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
let api: ReturnType<typeof treaty<App>>
beforeAll(async () => {
  h = await startHarness()
  api = treaty<App>(h.base, { headers: { authorization: `Bearer ${TOKENS.valid}` } })
})
afterAll(() => h.stop())

test('a typed chat completion', async () => {
  const { data, error, status } = await api.v1.chat.completions.post({
    model: 'gpt-5-nano',
    messages: [{ role: 'user', content: 'typed hello' }],
  })
  expect(error).toBeNull()
  expect(status).toBe(200)
  // Inferred from the route: no cast.
  const content: string | null | undefined = data && !(data instanceof Response) ? data.choices[0]?.message.content : undefined
  expect(content).toBe('Echo: typed hello')

  // @ts-expect-error: the body schema is part of the type; messages must be an array.
  void (() => api.v1.chat.completions.post({ model: 'x', messages: 'hello' }))
})

test('typed model list and model retrieval', async () => {
  const list = await api.v1.models.get()
  // The route answers Anthropic's shape for `anthropic-version` and Google's for Google's clients; the type says so.
  const ids: string[] | undefined = list.data && 'data' in list.data ? list.data.data.map((m) => m.id) : undefined
  expect(ids).toContain('gpt-5-nano-2025-08-07')

  const one = await api.v1.models({ model: 'gpt-5-nano' }).get()
  const context: number | null | undefined = one.data && 'context_length' in one.data ? one.data.context_length : undefined
  expect(context).toBe(400000)

  // @ts-expect-error: a model has no `price` field.
  void one.data?.price
})

test('errors arrive typed by status', async () => {
  const { data, error } = await api.v1.chat.completions.post({ model: 'gpt-5-nano', messages: [] })
  expect(data).toBeNull()
  // Eden types validation failures as Elysia's default 422; this server answers OpenAI's 400 with an OpenAI body.
  expect(error?.status as number).toBe(400)
  expect((error?.value as unknown as { error: { param: string } }).error.param).toBe('messages')
})
