import { describe, expect, test } from 'bun:test'
import { createLogger } from '../src/log.ts'

const capture = (level: Parameters<typeof createLogger>[0]) => {
  const lines: { line: string; level: string }[] = []
  return { lines, logger: createLogger(level, (line, at) => lines.push({ line, level: at })) }
}

describe('createLogger', () => {
  test('one JSON object per line, with time, level, msg and the fields', () => {
    const { lines, logger } = capture('info')
    logger.info('request', { id: 'r1', status: 200 })
    expect(lines).toHaveLength(1)
    const entry = JSON.parse(lines[0]!.line)
    expect(entry).toMatchObject({ level: 'info', msg: 'request', id: 'r1', status: 200 })
    expect(new Date(entry.time).toISOString()).toBe(entry.time)
  })

  test('an Error field is written as its name, message and stack', () => {
    const { lines, logger } = capture('info')
    const error = new TypeError('bad thing')
    logger.error('unhandled error', { request_id: 'r2', error })
    const entry = JSON.parse(lines[0]!.line)
    expect(entry.request_id).toBe('r2')
    expect(entry.error).toEqual({ name: 'TypeError', message: 'bad thing', stack: error.stack })
  })

  test('lines below the level are not written', () => {
    const { lines, logger } = capture('warn')
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error'])
  })
})
