import { describe, expect, test } from 'bun:test'
import { ConfigError, DEFAULT_PUTER_API_ORIGIN, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  test('defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000, host: '0.0.0.0', puterApiOrigin: DEFAULT_PUTER_API_ORIGIN, messageMode: 'raw',
      modelsCacheTtlMs: 300_000, modelsFetchTimeoutMs: 5_000, heartbeatIntervalMs: 15_000,
      upstreamHeadersTimeoutMs: 60_000, upstreamResponseTimeoutMs: 600_000, streamIdleTimeoutMs: 300_000, upstreamRetries: 3,
      maxConcurrentPerToken: 3, rateLimitPerToken: 30, queueMaxPerToken: 32, queueTimeoutMs: 60_000,
      maxBodyBytes: 20 * 1024 * 1024, maxUploadBytes: 25 * 1024 * 1024, bodyReadTimeoutMs: 15_000, puterAuthToken: undefined, proxyApiKeys: [], corsOrigins: ['*'],
      logLevel: 'info', shutdownGraceMs: 30_000, workers: 1, modelAliases: new Map(),
      responsesDb: ':memory:', responsesTtlMs: 30 * 86_400_000, responsesMaxBytes: 256 * 1024 * 1024,
      redisUrl: undefined, redisLeaseMs: 30_000, redisPrefix: 'puterproxy', puterJsUrl: 'https://js.puter.com/v2/',
    })
  })

  test('reads every variable', () => {
    expect(loadConfig({
      PORT: '8080', HOST: '127.0.0.1', PUTER_API_ORIGIN: 'http://127.0.0.1:9999/', MESSAGE_MODE: 'Standard',
      MODELS_CACHE_TTL: '0', MODELS_FETCH_TIMEOUT: '2', HEARTBEAT_INTERVAL: '0',
      UPSTREAM_HEADERS_TIMEOUT: '10', UPSTREAM_RESPONSE_TIMEOUT: '20', STREAM_IDLE_TIMEOUT: '30', UPSTREAM_RETRIES: '0',
      MAX_CONCURRENT_PER_TOKEN: '5', RATE_LIMIT_PER_TOKEN: '60', QUEUE_MAX_PER_TOKEN: '0', QUEUE_TIMEOUT: '5',
      MAX_BODY_SIZE: '2048', MAX_UPLOAD_SIZE: '4096', BODY_READ_TIMEOUT: '7', PUTER_AUTH_TOKEN: 'server-token', PROXY_API_KEYS: 'k1, k2', CORS_ORIGINS: 'https://a.test,https://b.test',
      LOG_LEVEL: 'WARN', SHUTDOWN_GRACE: '3', WORKERS: '4', MODEL_ALIASES: 'Claude-Opus-5-5=claude-opus-5, gpt-4o=gpt-5-nano',
      RESPONSES_DB: '/var/lib/proxy/responses.db', RESPONSES_TTL: '3600', RESPONSES_MAX_BYTES: '2097152',
      REDIS_URL: 'rediss://:pw@cache.internal:6380/1', REDIS_LEASE: '5', REDIS_PREFIX: 'p2', PUTER_JS_URL: 'http://127.0.0.1:9/puter.js',
    })).toEqual({
      port: 8080, host: '127.0.0.1', puterApiOrigin: 'http://127.0.0.1:9999', messageMode: 'standard',
      modelsCacheTtlMs: 0, modelsFetchTimeoutMs: 2_000, heartbeatIntervalMs: 0,
      upstreamHeadersTimeoutMs: 10_000, upstreamResponseTimeoutMs: 20_000, streamIdleTimeoutMs: 30_000, upstreamRetries: 0,
      maxConcurrentPerToken: 5, rateLimitPerToken: 60, queueMaxPerToken: 0, queueTimeoutMs: 5_000,
      maxBodyBytes: 2048, maxUploadBytes: 4096, bodyReadTimeoutMs: 7_000, puterAuthToken: 'server-token', proxyApiKeys: ['k1', 'k2'], corsOrigins: ['https://a.test', 'https://b.test'],
      logLevel: 'warn', shutdownGraceMs: 3_000, workers: 4,
      modelAliases: new Map([['claude-opus-5-5', 'claude-opus-5'], ['gpt-4o', 'gpt-5-nano']]),
      responsesDb: '/var/lib/proxy/responses.db', responsesTtlMs: 3_600_000, responsesMaxBytes: 2_097_152,
      redisUrl: 'rediss://:pw@cache.internal:6380/1', redisLeaseMs: 5_000, redisPrefix: 'p2', puterJsUrl: 'http://127.0.0.1:9/puter.js',
    })
  })

  test('REDIS_URL must be a Redis URL, and a bad one is reported without its password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@x' })).toThrow(/REDIS_URL must be a redis:\/\//)
    expect(() => loadConfig({ REDIS_URL: 'http://:hunter2@x' })).not.toThrow(/hunter2/)
  })

  test('MODEL_ALIASES must be from=to pairs', () => {
    expect(() => loadConfig({ MODEL_ALIASES: 'gpt-4o' })).toThrow(/MODEL_ALIASES: "gpt-4o" is not of the form from=to/)
    expect(() => loadConfig({ MODEL_ALIASES: 'a=,=b' })).toThrow(/"a=".*\n.*"=b"/)
  })

  test('server-side mode: a shared Puter token without client keys only on a loopback HOST', () => {
    expect(() => loadConfig({ PUTER_AUTH_TOKEN: 't' })).toThrow(/PROXY_API_KEYS/)
    expect(() => loadConfig({ PUTER_AUTH_TOKEN: 't', HOST: '0.0.0.0' })).toThrow(/HOST/)
    expect(loadConfig({ PUTER_AUTH_TOKEN: 't', HOST: '127.0.0.1' }).puterAuthToken).toBe('t')
    expect(loadConfig({ PUTER_AUTH_TOKEN: 't', PROXY_API_KEYS: 'k' }).proxyApiKeys).toEqual(['k'])
    expect(() => loadConfig({ PROXY_API_KEYS: 'k' })).toThrow(/PUTER_AUTH_TOKEN/)
  })

  test('WORKERS: a number, or auto for every core; more than one needs a fixed PORT', () => {
    expect(loadConfig({ WORKERS: 'auto' }).workers).toBeGreaterThanOrEqual(1)
    expect(() => loadConfig({ WORKERS: '2', PORT: '0' })).toThrow(/fixed PORT/)
    expect(() => loadConfig({ WORKERS: '0' })).toThrow(/WORKERS/)
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
