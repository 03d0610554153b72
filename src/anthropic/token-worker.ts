/**
 * The tokenizer's own thread. Loading the o200k encoding (about 60 MB) takes
 * half a second of synchronous work, and counting a megabyte of text tens of
 * milliseconds: neither may stall the server's event loop, so both happen here.
 * Messages: `{ id, texts }` in, `{ id, counts }` out.
 */
import { countTokens } from 'gpt-tokenizer'
import { linearCount } from './linear-count.ts'

declare const self: Worker

self.onmessage = (event: MessageEvent<{ id: number; texts: string[] }>) => {
  const { id, texts } = event.data
  postMessage({ id, counts: texts.map((text) => linearCount(countTokens, text)) })
}
