import { describe, expect, test } from 'bun:test'
import { ConfigError, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  test('defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000, host: '0.0.0.0', puterApiOrigin: 'https://api.puter.com', messageMode: 'raw',
      modelsCacheTtlMs: 300_000, modelsFetchTimeoutMs: 5_000, heartbeatIntervalMs: 15_000,
    })
  })

  test('reads every variable', () => {
    expect(loadConfig({
      PORT: '8080', HOST: '127.0.0.1', PUTER_API_ORIGIN: 'http://127.0.0.1:9999/', MESSAGE_MODE: 'Standard',
      MODELS_CACHE_TTL: '0', MODELS_FETCH_TIMEOUT: '2', HEARTBEAT_INTERVAL: '0',
    })).toEqual({
      port: 8080, host: '127.0.0.1', puterApiOrigin: 'http://127.0.0.1:9999', messageMode: 'standard',
      modelsCacheTtlMs: 0, modelsFetchTimeoutMs: 2_000, heartbeatIntervalMs: 0,
    })
  })

  test('empty values mean "use the default"', () => {
    expect(loadConfig({ PORT: '', MESSAGE_MODE: ' ' }).port).toBe(3000)
  })

  test('one error names every bad variable', () => {
    try {
      loadConfig({ PORT: '70000', PUTER_API_ORIGIN: 'ftp://x', MESSAGE_MODE: 'fancy', MODELS_CACHE_TTL: '-1', HEARTBEAT_INTERVAL: '1.5' })
      throw new Error('expected a ConfigError')
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const message = (err as ConfigError).message
      for (const name of ['PORT', 'PUTER_API_ORIGIN', 'MESSAGE_MODE', 'MODELS_CACHE_TTL', 'HEARTBEAT_INTERVAL']) expect(message).toContain(name)
      expect((err as ConfigError).problems).toHaveLength(5)
    }
  })
})

test('the server refuses to start on bad configuration, with one clear message', async () => {
  const child = Bun.spawn(['bun', 'src/index.ts'], {
    cwd: `${import.meta.dir}/..`,
    env: { ...process.env, PORT: 'abc', MESSAGE_MODE: 'nope' },
    stdout: 'pipe', stderr: 'pipe',
  })
  const code = await child.exited
  const stderr = await new Response(child.stderr).text()
  expect(code).toBe(1)
  expect(stderr).toContain('PORT="abc"')
  expect(stderr).toContain('MESSAGE_MODE="nope"')
  expect(stderr).not.toContain('    at ') // no stack trace
})
