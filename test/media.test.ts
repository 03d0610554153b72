/**
 * OpenAI's media endpoints through the official `openai` SDK, over the fake
 * Puter's image, TTS and speech-to-text drivers: images in both response
 * formats, speech written to a file whose bytes match, a real multipart
 * upload of a WAV made here in every response format, translations, and a
 * clear OpenAI error for every bad input.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI, { APIError, BadRequestError, toFile } from 'openai'
import { fakeAudio, FAKE_PNG, TOKENS } from './fake-puter.ts'
import { json, startHarness, type Harness } from './harness.ts'

let h: Harness
let client: OpenAI
let dir: string
beforeAll(async () => {
  h = await startHarness({ MAX_UPLOAD_SIZE: String(256 * 1024) })
  client = new OpenAI({ baseURL: `${h.base}/v1`, apiKey: TOKENS.valid, maxRetries: 0 })
  dir = mkdtempSync(join(tmpdir(), 'media-'))
})
afterAll(() => {
  h.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A small, valid WAV: a second of a 440 Hz tone, 8 kHz mono 16-bit. */
function wav(seconds = 1): Buffer {
  const rate = 8000
  const samples = rate * seconds
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

describe('images', () => {
  test('images.generate: b64_json (Puter\'s data URL decoded) and url; the size goes as a ratio', async () => {
    const b64 = await client.images.generate({ model: 'gpt-image-1-mini', prompt: 'a lighthouse', size: '1536x1024', response_format: 'b64_json' })
    expect(Buffer.from(b64.data![0]!.b64_json!, 'base64')).toEqual(FAKE_PNG)
    expect(b64.created).toBeGreaterThan(1_700_000_000)
    const sent = h.fake.calls.at(-1)
    expect(sent).toMatchObject({ interface: 'puter-image-generation', driver: 'ai-image', method: 'generate', args: { prompt: 'a lighthouse', model: 'gpt-image-1-mini', ratio: { w: 1536, h: 1024 } } })
    const url = await client.images.generate({ prompt: 'a lighthouse', response_format: 'url' })
    expect(url.data![0]!.url).toStartWith('data:image/png;base64,')
  })

  test('a remote image asked as base64 is fetched and encoded; asked as url it is passed as it is', async () => {
    const b64 = await client.images.generate({ model: 'remote-image', prompt: 'x', response_format: 'b64_json' })
    expect(Buffer.from(b64.data![0]!.b64_json!, 'base64')).toEqual(FAKE_PNG)
    const url = await client.images.generate({ model: 'remote-image', prompt: 'x', response_format: 'url' })
    expect(url.data![0]!.url).toBe(`${h.fake.origin}/fake-image.png`)
  })

  test('images.edit sends the image as Puter\'s input_image; a mask or no image is a 400', async () => {
    const edited = await client.images.edit({ image: await toFile(FAKE_PNG, 'in.png', { type: 'image/png' }), prompt: 'make it red' })
    expect(edited.data![0]!.b64_json).toBeDefined()
    expect(h.fake.calls.at(-1).args.input_image).toBe(`data:image/png;base64,${FAKE_PNG.toString('base64')}`)
    const masked = await client.images.edit({ image: await toFile(FAKE_PNG, 'in.png', { type: 'image/png' }), mask: await toFile(FAKE_PNG, 'm.png', { type: 'image/png' }), prompt: 'x' }).catch((e) => e)
    expect(masked).toBeInstanceOf(BadRequestError)
    expect(masked.param).toBe('mask')
  })

  test('bad input: no prompt, n above 1, a bad size or format, an unknown model, no credit', async () => {
    const cases: [Record<string, unknown>, number, string | null][] = [
      [{}, 400, 'prompt'], [{ prompt: 'x', n: 2 }, 400, 'n'], [{ prompt: 'x', size: 'huge' }, 400, 'size'],
      [{ prompt: 'x', response_format: 'png' }, 400, 'response_format'], [{ prompt: 'x', model: 'no-such' }, 404, 'model'],
      [{ prompt: 'x', model: 'no-credit-image' }, 402, null],
    ]
    for (const [body, status, param] of cases) {
      const err = await client.images.generate(body as never).catch((e) => e)
      expect(err).toBeInstanceOf(APIError)
      expect([err.status, err.param]).toEqual([status, param])
    }
  })
})

describe('speech', () => {
  test('audio.speech.create streams the audio in the asked format; the bytes saved match Puter\'s', async () => {
    for (const format of ['mp3', 'wav', 'opus'] as const) {
      const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'Hello there.', response_format: format })
      expect(res.headers.get('content-type')).toBe(format === 'mp3' ? 'audio/mpeg' : `audio/${format}`)
      const file = join(dir, `speech.${format}`)
      writeFileSync(file, Buffer.from(await res.arrayBuffer()))
      expect(readFileSync(file)).toEqual(Buffer.concat(fakeAudio(format, 'coral', 'Hello there.')))
    }
    expect(h.fake.calls.at(-1)).toMatchObject({ interface: 'puter-tts', driver: 'ai-tts', method: 'synthesize', args: { text: 'Hello there.', provider: 'openai', voice: 'coral', model: 'gpt-4o-mini-tts', response_format: 'opus' } })
  })

  test('audio in another format than asked is never passed on under the asked type', async () => {
    h.fake.ttsContentType = 'audio/mpeg'
    try {
      const err = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x', response_format: 'flac' }).catch((e) => e)
      expect(err).toBeInstanceOf(APIError)
      expect(err.status).toBe(502)
    } finally {
      h.fake.ttsContentType = undefined
    }
  })

  test('bad input: no input or voice, an unknown format, a speed Puter cannot honour, a voice Puter refuses', async () => {
    const cases: [Record<string, unknown>, string | null][] = [
      [{ voice: 'alloy' }, 'input'], [{ input: 'x' }, 'voice'], [{ input: 'x', voice: 'alloy', response_format: 'ogg' }, 'response_format'],
      [{ input: 'x', voice: 'alloy', speed: 1.5 }, 'speed'], [{ input: 'x', voice: 'nobody' }, null],
    ]
    for (const [body, param] of cases) {
      const err = await client.audio.speech.create(body as never).catch((e) => e)
      expect(err).toBeInstanceOf(BadRequestError)
      expect(err.param).toBe(param)
    }
  })
})

describe('transcription', () => {
  const audio = wav()

  test('audio.transcriptions.create with a real multipart upload, in every response format', async () => {
    const upload = () => toFile(audio, 'tone.wav', { type: 'audio/wav' })
    const plain = await client.audio.transcriptions.create({ file: await upload(), model: 'gpt-4o-mini-transcribe', language: 'en' })
    expect(plain.text).toBe(`transcribed ${audio.length} bytes (en)`)
    const sent = h.fake.calls.at(-1)
    expect(sent).toMatchObject({ interface: 'puter-speech2txt', driver: 'ai-speech2txt', method: 'transcribe', args: { model: 'gpt-4o-mini-transcribe', language: 'en', response_format: 'json' } })
    // The multipart parser may name WAV `audio/x-wav`; the bytes are what was uploaded.
    expect(sent.args.file).toMatch(/^data:audio\/(x-)?wav;base64,/)
    expect(Buffer.from(sent.args.file.split(',')[1], 'base64').equals(audio)).toBe(true)

    const text = await client.audio.transcriptions.create({ file: await upload(), model: 'whisper-1', response_format: 'text' })
    expect(String(text).trim()).toBe(`transcribed ${audio.length} bytes`)
    const srt = await client.audio.transcriptions.create({ file: await upload(), model: 'whisper-1', response_format: 'srt' })
    expect(String(srt)).toContain('00:00:00,000 --> 00:00:01,000')
    const vtt = await client.audio.transcriptions.create({ file: await upload(), model: 'whisper-1', response_format: 'vtt' })
    expect(String(vtt)).toStartWith('WEBVTT')
    const verbose = await client.audio.transcriptions.create({ file: await upload(), model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['segment', 'word'] })
    expect(verbose).toMatchObject({ text: `transcribed ${audio.length} bytes`, segments: [{ id: 0 }] })
    expect(h.fake.calls.at(-1).args.timestamp_granularities).toEqual(['segment', 'word'])
  })

  test('audio.translations.create uses the driver\'s translate method', async () => {
    const res = await client.audio.translations.create({ file: await toFile(audio, 'tone.wav', { type: 'audio/wav' }), model: 'whisper-1' })
    expect(res.text).toBe(`translated ${audio.length} bytes`)
    expect(h.fake.calls.at(-1).method).toBe('translate')
  })

  test('bad input: no file, an empty file, an unknown format, an upload over MAX_UPLOAD_SIZE (a 413 the client reads)', async () => {
    const noFile = await fetch(`${h.base}/v1/audio/transcriptions`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.valid}` }, body: (() => { const f = new FormData(); f.set('model', 'whisper-1'); return f })() })
    expect(noFile.status).toBe(400)
    expect((await json(noFile)).error.param).toBe('file')
    const empty = await client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(0), 'e.wav', { type: 'audio/wav' }), model: 'whisper-1' }).catch((e) => e)
    expect([empty.status, empty.param]).toEqual([400, 'file'])
    const format = await client.audio.transcriptions.create({ file: await toFile(audio, 'a.wav'), model: 'whisper-1', response_format: 'mp3' as never }).catch((e) => e)
    expect([format.status, format.param]).toEqual([400, 'response_format'])
    const big = await client.audio.transcriptions.create({ file: await toFile(wav(20), 'big.wav', { type: 'audio/wav' }), model: 'whisper-1' }).catch((e) => e)
    expect(big.status).toBe(413)
    expect(big.message).toContain('MAX_UPLOAD_SIZE')
    const json400 = await h.post('/v1/audio/transcriptions', { file: 'not a file' })
    expect(json400.status).toBe(400)
  })
})

describe('GET /v1/models?type=image|tts|stt', () => {
  test('image: Puter\'s image catalogue (hidden ids left out) as OpenAI model objects; the default list stays chat', async () => {
    const page = await client.models.list({ query: { type: 'image' } })
    expect(page.data.map((m) => m.id)).toEqual(['gemini-2.5-flash-image', 'gpt-image-1-mini'])
    expect(page.data[1]).toMatchObject({ object: 'model', owned_by: 'openai-image-generation', name: 'GPT Image 1 Mini', output_modalities: ['image'] })
    expect((page.data[1] as unknown as { aliases: string[] }).aliases).toContain('openai/gpt-image-1-mini')
    expect(h.fake.requests.some((r) => r.path === '/puterai/image/models/details')).toBe(true)
    const chat = (await client.models.list()).data.map((m) => m.id)
    expect(chat).toContain('gpt-5-nano-2025-08-07')
    expect(chat).not.toContain('gpt-image-1-mini')
    // A listed image id is one the image endpoint takes.
    const made = await client.images.generate({ model: page.data[1]!.id, prompt: 'a kite', response_format: 'b64_json' })
    expect(Buffer.from(made.data![0]!.b64_json!, 'base64')).toEqual(FAKE_PNG)
  })

  test('tts and stt: the ids Puter\'s drivers accept, marked documented; each listed TTS id speaks', async () => {
    const tts = await fetch(`${h.base}/v1/models?type=tts`)
    expect(tts.headers.get('x-catalogue-source')).toBe('documented')
    const ttsList = await json(tts)
    expect(ttsList.source).toBe('documented')
    expect(ttsList.data.map((m: { id: string }) => m.id)).toEqual(['gpt-4o-mini-tts', 'tts-1', 'tts-1-hd'])
    for (const { id } of ttsList.data) {
      const speech = await client.audio.speech.create({ model: id, input: 'hi', voice: 'alloy' })
      expect(speech.status).toBe(200)
    }
    const stt = (await client.models.list({ query: { type: 'stt' } })).data
    expect(stt.map((m) => m.id)).toContain('whisper-1')
    expect(stt[0]).toMatchObject({ input_modalities: ['audio'], output_modalities: ['text'] })
  })

  test('an unknown type is a 400 naming `type`', async () => {
    const err = await client.models.list({ query: { type: 'video' } }).catch((e) => e)
    expect(err).toBeInstanceOf(BadRequestError)
    expect([err.status, err.param]).toEqual([400, 'type'])
    expect(err.message).toContain('chat, image, tts, stt')
  })
})

test('type=image with Puter unreachable: a 502 in OpenAI\'s shape before any copy, the last copy after one', async () => {
  const down = await startHarness({ MODELS_CACHE_TTL: '0' })
  try {
    down.fake.catalogueDown = true
    const res = await fetch(`${down.base}/v1/models?type=image`)
    expect(res.status).toBe(502)
    expect((await json(res)).error).toMatchObject({ type: 'api_error' })
    down.fake.catalogueDown = false
    expect((await json(await fetch(`${down.base}/v1/models?type=image`))).data).toHaveLength(2)
    down.fake.catalogueDown = true
    const kept = await fetch(`${down.base}/v1/models?type=image`)
    expect(kept.status).toBe(200)
    expect((await json(kept)).data).toHaveLength(2)
  } finally {
    down.stop()
  }
})
