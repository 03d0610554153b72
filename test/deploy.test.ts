/**
 * The deployment files, checked for what they promise. No Docker engine runs
 * here (and hadolint is not packaged), so the image itself is not built; its
 * build steps are `npm ci` and `npm run build`, which CI runs (test/binary.test.ts).
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../src/config.ts'

const root = join(import.meta.dir, '..')
const read = (path: string) => readFileSync(join(root, path), 'utf8')

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const stages = dockerfile.split(/^FROM /m).slice(1)

  test('multi-stage: builds with the commands CI runs, ships only the binary', () => {
    expect(stages).toHaveLength(2)
    const [build, run] = stages as [string, string]
    expect(build).toMatch(/^RUN npm ci\b/m)
    expect(build).toMatch(/^RUN npm run build$/m)
    expect(JSON.parse(read('package.json')).scripts.build).toContain('--compile')
    expect(run).toMatch(/^COPY --from=build \/src\/dist\/puter-openai-proxy /m)
    expect(run).not.toMatch(/node_modules/)
  })

  test('every file it copies exists', () => {
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources!.split(' ')) expect(existsSync(join(root, source))).toBe(true)
    }
  })

  test('runs as a non-root user, respects PORT, and checks its health with the binary itself', () => {
    const run = stages[1]!
    expect(run).toMatch(/^USER (?!root\b|0\b)\S+$/m)
    expect(run).toMatch(/^ENV PORT=3000\b/m)
    expect(run).toMatch(/^HEALTHCHECK .*CMD \["\/usr\/local\/bin\/puter-openai-proxy", "--healthcheck"\]$/m)
    expect(run).toMatch(/^ENTRYPOINT \["\/usr\/local\/bin\/puter-openai-proxy"\]$/m)
  })

  test('.dockerignore keeps node_modules, dist and git out of the build context', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry)
  })
})

describe('deploy/', () => {
  test('compose.yaml builds this Dockerfile, publishes the port and waits out the shutdown grace', () => {
    const compose = Bun.YAML.parse(read('deploy/compose.yaml')) as any
    const service = compose.services['puter-openai-proxy']
    expect(service.profiles).toEqual(['single'])
    expect(existsSync(join(root, 'deploy', service.build, 'Dockerfile'))).toBe(true)
    expect(service.ports).toContain('3000:3000')
    expect(Number.parseInt(service.stop_grace_period, 10) * 1000).toBeGreaterThan(loadConfig({}).shutdownGraceMs)
    // Every variable it sets is one the proxy reads.
    expect(() => loadConfig(service.environment)).not.toThrow()
  })

  test('compose.yaml\'s fleet: Redis, three replicas sharing it, nginx in front with SSE-safe settings', () => {
    const compose = Bun.YAML.parse(read('deploy/compose.yaml')) as any
    const { redis, proxy, nginx } = compose.services
    for (const s of [redis, proxy, nginx]) expect(s.profiles).toEqual(['fleet'])
    expect(proxy.deploy.replicas).toBe(3)
    expect(loadConfig(proxy.environment).redisUrl).toBe('redis://redis:6379/0')
    expect(redis.command).toContain('volatile-ttl')
    const conf = read('deploy/nginx-fleet.conf')
    expect(nginx.volumes[0]).toStartWith('./nginx-fleet.conf:')
    expect(conf).toContain('proxy_buffering off;')
    expect(conf).toContain('proxy_pass $fleet;')
    expect(conf).toMatch(/proxy_read_timeout \d{3,}s;/)
  })

  test('the Kubernetes manifests: replicas with readiness on /health/ready, a Service, Redis, an optional Secret', () => {
    const docs = (file: string) => read(`deploy/kubernetes/${file}`).split(/^---$/m).map((d) => Bun.YAML.parse(d) as any)
    const [deployment, service] = docs('proxy.yaml')
    expect(deployment.kind).toBe('Deployment')
    expect(deployment.spec.replicas).toBe(3)
    const container = deployment.spec.template.spec.containers[0]
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready')
    expect(container.livenessProbe.httpGet.path).toBe('/health')
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(loadConfig({}).shutdownGraceMs)
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]))
    expect(() => loadConfig(env)).not.toThrow()
    expect(loadConfig(env).redisUrl).toContain('puter-openai-proxy-redis:6379')
    expect(service).toMatchObject({ kind: 'Service', spec: { ports: [{ targetPort: 3000 }] } })
    const [redis, redisService] = docs('redis.yaml')
    expect(redis.kind).toBe('StatefulSet')
    expect(redisService.metadata.name).toBe('puter-openai-proxy-redis')
    const [secret] = docs('secret.yaml')
    expect(Object.keys(secret.stringData).sort()).toEqual(['PROXY_API_KEYS', 'PUTER_AUTH_TOKEN'])
  })

  test('the systemd unit runs the installed binary and waits out the shutdown grace', () => {
    const unit = read('deploy/puter-openai-proxy.service')
    expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/puter-openai-proxy$/m)
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1]) * 1000).toBeGreaterThan(loadConfig({}).shutdownGraceMs)
    expect(unit).toMatch(/^DynamicUser=yes$/m)
  })

  test('the reverse-proxy examples keep SSE unbuffered and reads long', () => {
    const nginx = read('deploy/nginx.conf')
    expect(nginx).toContain('proxy_buffering off;')
    expect(nginx).toMatch(/proxy_read_timeout \d{3,}s;/)
    expect(read('deploy/Caddyfile')).toContain('flush_interval -1')
  })
})
