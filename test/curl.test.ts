/** curl, the client of the README's first examples. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { TOKENS } from './fake-puter.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.stop())

async function curl(...args: string[]): Promise<string> {
  const child = Bun.spawn(['curl', '-sS', '--max-time', '20', ...args], { stdout: 'pipe', stderr: 'pipe' })
  const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited])
  if (code !== 0) throw new Error(`curl exited ${code}: ${await new Response(child.stderr).text()}`)
  return out
}

describe('curl', () => {
  const body = (stream: boolean) => JSON.stringify({ model: 'gpt-5-nano', stream, messages: [{ role: 'user', content: 'hi from curl' }] })
  const headers = ['-H', `Authorization: Bearer ${TOKENS.valid}`, '-H', 'Content-Type: application/json']

  test('non-stream completion', async () => {
    const out = JSON.parse(await curl(...headers, '-d', body(false), `${h.base}/v1/chat/completions`))
    expect(out.choices[0].message.content).toBe('Echo: hi from curl')
  })

  test('stream with -N prints SSE frames ending in [DONE]', async () => {
    const out = await curl('-N', ...headers, '-d', body(true), `${h.base}/v1/chat/completions`)
    const frames = out.split('\n\n').filter((f) => f.startsWith('data: '))
    expect(frames.at(-1)).toBe('data: [DONE]')
    const text = frames.slice(0, -1).map((f) => JSON.parse(f.slice(6)).choices[0]?.delta.content ?? '').join('')
    expect(text).toBe('Echo: hi from curl')
  })

  test('model list', async () => {
    const out = JSON.parse(await curl(`${h.base}/v1/models`))
    expect(out.data.length).toBeGreaterThan(0)
  })
})
