/**
 * One request must never stall the server: the six reproductions of the
 * outside audit, each answered fast and clearly, with `/health` answering
 * throughout.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { connect } from 'node:net'
import { createMemoryLimiter } from '../src/limiter.ts'
import { TOKENS } from './fake-puter.ts'
import { json, startHarness, type Harness } from './harness.ts'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ MAX_BODY_SIZE: String(1024 * 1024), BODY_READ_TIMEOUT: '1' })
})
afterAll(() => h.stop())

/** Runs `work` while asking /health every 20 ms; returns the slowest /health answer. */
async function slowestHealthDuring(work: () => Promise<unknown>): Promise<number> {
  let slowest = 0
  let running = true
  const watch = (async () => {
    while (running) {
      const t = performance.now()
      await fetch(`${h.base}/health`).then((r) => r.arrayBuffer())
      slowest = Math.max(slowest, performance.now() - t)
      await Bun.sleep(20)
    }
  })()
  await Bun.sleep(30)
  try {
    await work()
  } finally {
    running = false
    await watch
  }
  return slowest
}

describe('1. token counting is linear and bounded', () => {
  const count = (content: string) => h.post('/v1/messages/count_tokens', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content }] }, { authorization: 'Bearer anything' })

  test('a 256 K-character word, a 64 K-character emoji run and a 1 MiB body of words are counted while /health keeps answering', async () => {
    await count('warm the tokenizer up')
    for (const content of ['a'.repeat(256_000), '😀'.repeat(32_000), 'word '.repeat(200_000)]) {
      let answer: any
      const slowest = await slowestHealthDuring(async () => {
        answer = await json(await count(content))
      })
      expect(answer.input_tokens).toBeGreaterThan(1000)
      expect(slowest).toBeLessThan(250)
    }
  }, 20_000)

  test('a streamed /v1/messages with a 32 K-character word starts at once', async () => {
    const res = await h.post('/v1/messages', { model: 'gpt-5-nano', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x'.repeat(32_000) }] })
    const text = await res.text()
    expect(text).toContain('event: message_start')
    expect(text).toContain('event: message_stop')
  })
})

describe('2. deeply nested JSON', () => {
  test('depth 30,000 is a fast 400 naming the limit, on every surface', async () => {
    const deep = '['.repeat(30_000) + ']'.repeat(30_000)
    for (const path of ['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1/completions', '/v1/messages/count_tokens']) {
      const res = await h.post(path, deep)
      expect(res.status).toBe(400)
      const body = await json(res)
      expect((body.error as { message: string }).message).toContain('nested more than 64 levels')
    }
    const ok = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: [{ role: 'user', content: [{ type: 'text', text: 'fine' }] }], metadata: { a: { b: { c: { d: 1 } } } } })
    expect(ok.status).toBe(200)
  })
})

describe('3. odd objects', () => {
  test('{"toString": …} in any position is a 400 naming the field, never a 500', async () => {
    for (const path of ['/v1/chat/completions', '/v1/messages', '/v1/responses', '/v1/completions']) {
      const res = await h.post(path, { model: { toString: 'x' }, messages: [{ role: 'user', content: 'x' }], input: 'x', prompt: 'x', max_tokens: 5 })
      expect(res.status).toBe(400)
      expect(JSON.stringify(await json(res))).toContain('model')
      const nested = await h.post(path, { model: 'gpt-5-nano', messages: [{ role: { valueOf: 1, toString: [] }, content: 'x' }], input: [{ role: { toString: 'x' } }], prompt: { toString: 'x' }, max_tokens: 5 })
      expect(nested.status).toBe(400)
    }
  })

  test('a forwarded object with such keys reaches Puter as it was sent', async () => {
    const res = await h.post('/v1/chat/completions', { model: 'gpt-5-nano', messages: [{ role: 'user', content: 'x' }], metadata: { toString: 'kept', valueOf: 2 } })
    expect(res.status).toBe(200)
    expect(h.fake.calls.at(-1).args.metadata).toEqual({ toString: 'kept', valueOf: 2 })
  })
})

describe('4. bounded limiter state', () => {
  test('tokens with nothing in flight and an empty window are forgotten: a million of them leave no trace', async () => {
    let now = 0
    const limiter = createMemoryLimiter({ maxConcurrent: 3, rate: 30, queueMax: 8, queueTimeoutMs: 1_000, now: () => now })
    const never = new AbortController().signal
    Bun.gc(true)
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < 1_000_000; i++) (await limiter.acquire(`key-${i}`, never))()
    expect(limiter.size()).toBe(1_000_000) // each still has a start inside the window
    now += 10_001
    expect(limiter.size()).toBe(0)
    Bun.gc(true)
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 * 1024 * 1024)
  }, 30_000)

  test('a token still in flight or waiting is kept', async () => {
    let now = 0
    const limiter = createMemoryLimiter({ maxConcurrent: 1, rate: 30, queueMax: 8, queueTimeoutMs: 60_000, now: () => now })
    const never = new AbortController().signal
    const held = await limiter.acquire('busy', never)
    now += 60_000
    expect(limiter.size()).toBe(1)
    held()
    now += 60_000
    expect(limiter.size()).toBe(0)
  })
})

describe('5. request bodies', () => {
  /** Sends a raw request over TCP and reads what comes back, while still sending `bodyBytes`. */
  function raw(head: string, bodyBytes: number, chunked = false): Promise<string> {
    const { port } = new URL(h.base)
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1')
      let answer = ''
      socket.on('data', (d) => (answer += d.toString()))
      socket.on('error', (err) => (answer ? resolve(answer) : reject(err)))
      socket.on('close', () => resolve(answer))
      socket.write(head)
      const piece = Buffer.alloc(64 * 1024, 'a')
      let sent = 0
      const pump = () => {
        while (sent < bodyBytes) {
          sent += piece.length
          const frame = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece
          if (!socket.write(frame)) return void socket.once('drain', pump)
        }
        if (chunked) socket.write('0\r\n\r\n')
      }
      pump()
    })
  }

  test('a body over the limit with a Content-Length: the client, still sending, gets the JSON 413 with a request id and CORS', async () => {
    const size = 3 * 1024 * 1024
    const answer = await raw(`POST /v1/messages HTTP/1.1\r\nHost: x\r\nOrigin: https://app.test\r\nContent-Type: application/json\r\nx-api-key: ${TOKENS.valid}\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`, size)
    expect(answer).toStartWith('HTTP/1.1 413')
    expect(answer.toLowerCase()).toContain('x-request-id:')
    expect(answer.toLowerCase()).toContain('access-control-allow-origin:')
    expect(answer).toContain('"type":"error"')
    expect(answer).toContain('request_too_large')
  })

  test('a chunked body just over the limit is a 413 too; one just under it is read', async () => {
    const over = await raw('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n', 1024 * 1024 + 64 * 1024, true)
    expect(over).toStartWith('HTTP/1.1 413')
    expect(over).toContain('"code":"request_too_large"')
    const under = await raw('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n', 1024 * 1024 - 64 * 1024, true)
    expect(under).toStartWith('HTTP/1.1 400')
    expect(under).toContain('"code":"invalid_json"')
  })

  test('a body trickled a byte a second is cut with a 408', async () => {
    const { port } = new URL(h.base)
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1')
      let text = ''
      socket.on('data', (d) => {
        text += d.toString()
        if (text.includes('"code":"request_timeout"')) resolve(text)
      })
      socket.on('close', () => resolve(text))
      socket.on('error', () => resolve(text))
      socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`)
      const timer = setInterval(() => socket.writable && socket.write(' '), 300)
      socket.on('close', () => clearInterval(timer))
      setTimeout(() => {
        clearInterval(timer)
        socket.destroy()
      }, 8_000)
    })
    expect(answer).toStartWith('HTTP/1.1 408')
    expect(answer).toContain('"code":"request_timeout"')
  }, 15_000)
})

describe('6. methods and paths', () => {
  test('a known path with the wrong method is a 405 with Allow, in the surface\'s shape', async () => {
    const del = await fetch(`${h.base}/v1/chat/completions`, { method: 'DELETE' })
    expect(del.status).toBe(405)
    expect(del.headers.get('allow')).toBe('POST')
    expect((await json(del)).error.code).toBe('method_not_allowed')
    const get = await fetch(`${h.base}/v1/messages`)
    expect(get.status).toBe(405)
    expect(await json(get)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
    const put = await fetch(`${h.base}/v1/responses/resp_1`, { method: 'PUT' })
    expect(put.headers.get('allow')).toBe('DELETE, GET, HEAD')
    expect((await fetch(`${h.base}/v1/nothing-here`, { method: 'DELETE' })).status).toBe(404)
  })

  test('a path with broken percent-encoding is a 400 naming the path', async () => {
    const res = await fetch(`${h.base}/v1/models/%ff/`)
    expect(res.status).toBe(400)
    expect((await json(res)).error).toMatchObject({ code: 'invalid_path', param: 'model' })
  })
})
