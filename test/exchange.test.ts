/** The exchange leaves nothing behind on process-wide objects once a request is over. */
import { expect, test } from 'bun:test'
import { createApp, listenOptions } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createLifecycle, type Lifecycle } from '../src/lifecycle.ts'
import { createLogger } from '../src/log.ts'
import { FakePuter, TOKENS } from './fake-puter.ts'
import { readSse } from './harness.ts'

/** A lifecycle whose shutdown signal counts the abort listeners currently attached. */
function countingLifecycle(): { lifecycle: Lifecycle; listeners: () => number } {
  const real = createLifecycle()
  let attached = 0
  const signal = real.signal
  const add = signal.addEventListener.bind(signal)
  const remove = signal.removeEventListener.bind(signal)
  signal.addEventListener = ((type: string, fn: EventListener, opts?: AddEventListenerOptions) => {
    if (type === 'abort') attached++
    add(type, fn, opts)
  }) as typeof signal.addEventListener
  signal.removeEventListener = ((type: string, fn: EventListener, opts?: EventListenerOptions) => {
    if (type === 'abort') attached--
    remove(type, fn, opts)
  }) as typeof signal.removeEventListener
  return { lifecycle: real, listeners: () => attached }
}

test('no shutdown listener outlives its request, streamed or not, ok or failed', async () => {
  const fake = await new FakePuter().start().ready()
  const { lifecycle, listeners } = countingLifecycle()
  const config = loadConfig({ PUTER_API_ORIGIN: fake.origin, HOST: '127.0.0.1', UPSTREAM_RETRIES: '0' })
  const app = createApp(config, { lifecycle, logger: createLogger('silent') }).listen({ ...listenOptions(config), port: 0 })
  const base = `http://127.0.0.1:${app.server!.port}`
  const post = (body: unknown) => fetch(`${base}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.valid}` }, body: JSON.stringify(body),
  })
  try {
    for (let i = 0; i < 10; i++) {
      await (await post({ model: 'gpt-5-nano', messages: [{ role: 'user', content: 'x' }] })).text()
      await readSse(await post({ model: 'gpt-5-nano', stream: true, messages: [{ role: 'user', content: 'x' }] }))
      await (await post({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })).text()
    }
    await Bun.sleep(20)
    // Open streams hold one listener each (their SSE writer's); none are open now.
    expect(listeners()).toBe(0)
  } finally {
    app.stop(true)
    fake.stop()
  }
})
