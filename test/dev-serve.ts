// temporary dev helper (not committed)
import { startHarness } from './harness.ts'
import { writeFileSync } from 'node:fs'
const h = await startHarness({ PORT: '0', ...(process.env.MODEL_ALIASES ? { MODEL_ALIASES: process.env.MODEL_ALIASES } : {}) })
console.log(h.base)
setInterval(() => writeFileSync('/tmp/dev/fake-requests.json', JSON.stringify(h.fake.requests, null, 1)), 1000)
setInterval(() => writeFileSync('/tmp/dev/logs.jsonl', h.logs.join('\n')), 1000)
