/**
 * OpenAI's media requests → Puter's image, TTS and speech-to-text driver
 * calls, and their answers back (§11), pure. What Puter's drivers cannot do
 * is a 400 naming the parameter, never a silently different result.
 */
import { ProxyError } from '../errors.ts'

const bad = (param: string, message: string, code = 'invalid_value') => new ProxyError(400, 'invalid_request_error', code, message, param)

export interface DriverCall {
  interface: string
  driver: string
  method: string
  args: Record<string, unknown>
}

// ---------- images ----------
export type ImageFormat = 'b64_json' | 'url'

/** `POST /v1/images/generations` (and `/edits`, with `inputImage`) → Puter's image driver. */
export function toImageCall(body: Record<string, unknown>, inputImage?: string): { call: DriverCall; format: ImageFormat } {
  const prompt = body.prompt
  if (typeof prompt !== 'string' || prompt.trim() === '') throw bad('prompt', '`prompt` is required: a description of the image.')
  const n = body.n === undefined || body.n === null ? 1 : Number(body.n)
  if (n !== 1) throw bad('n', 'Puter makes one image per request: `n` must be 1 (send several requests for more).', 'unsupported_parameter')
  const format = body.response_format ?? 'b64_json'
  if (format !== 'b64_json' && format !== 'url') throw bad('response_format', '`response_format` must be `b64_json` or `url`.')
  const args: Record<string, unknown> = { prompt }
  for (const key of ['model', 'quality', 'style', 'background', 'output_format', 'user']) if (typeof body[key] === 'string') args[key] = body[key]
  if (typeof body.size === 'string' && body.size !== 'auto') {
    const size = /^(\d+)x(\d+)$/.exec(body.size)
    if (!size) throw bad('size', '`size` must be `auto` or `WIDTHxHEIGHT`, such as `1024x1024`.')
    args.ratio = { w: Number(size[1]), h: Number(size[2]) }
  }
  if (inputImage) args.input_image = inputImage
  return { call: { interface: 'puter-image-generation', driver: 'ai-image', method: 'generate', args }, format: format as ImageFormat }
}

/** Puter's image result (a data URL or an https URL) as the entry OpenAI answers with; a remote image asked as base64 needs fetching (`fetchUrl`). */
export function toImageEntry(result: unknown, format: ImageFormat): { b64_json?: string; url?: string; fetchUrl?: string } {
  const value = typeof result === 'string' ? result : typeof (result as { url?: unknown })?.url === 'string' ? (result as { url: string }).url : undefined
  if (!value) throw new ProxyError(502, 'api_error', 'upstream_bad_response', 'Puter\'s image driver answered without an image.')
  const data = /^data:[^;,]+;base64,(.*)$/s.exec(value)
  if (format === 'url') return { url: value }
  if (data) return { b64_json: data[1] }
  return { fetchUrl: value }
}

// ---------- speech ----------
/** What each `response_format` is, on the wire. */
export const AUDIO_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm',
}

/** `POST /v1/audio/speech` → Puter's TTS driver with its OpenAI provider. */
export function toSpeechCall(body: Record<string, unknown>): { call: DriverCall; contentType: string } {
  const input = body.input
  if (typeof input !== 'string' || input.trim() === '') throw bad('input', '`input` is required: the text to speak.')
  if (input.length > 4096) throw bad('input', '`input` may be at most 4096 characters.')
  if (typeof body.voice !== 'string' || body.voice === '') throw bad('voice', '`voice` is required, such as `alloy`.')
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3'
  const contentType = AUDIO_TYPES[format]
  if (!contentType) throw bad('response_format', `\`response_format\` must be one of ${Object.keys(AUDIO_TYPES).join(', ')}.`)
  // Puter's TTS driver has no speed control: a different speed would be silently ignored, so it is refused.
  if (body.speed !== undefined && body.speed !== null && Number(body.speed) !== 1) {
    throw bad('speed', 'Puter\'s speech driver cannot change the speed: send `speed` 1 or leave it out.', 'unsupported_parameter')
  }
  const args: Record<string, unknown> = { text: input, provider: 'openai', voice: body.voice, response_format: format }
  if (typeof body.model === 'string') args.model = body.model
  if (typeof body.instructions === 'string') args.instructions = body.instructions
  return { call: { interface: 'puter-tts', driver: 'ai-tts', method: 'synthesize', args }, contentType }
}

// ---------- transcription ----------
export const TRANSCRIPT_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const

/** `POST /v1/audio/transcriptions` or `/translations` (multipart) → Puter's speech-to-text driver; `file` already a data URL. */
export function toTranscriptionCall(fields: Record<string, unknown>, fileDataUrl: string, method: 'transcribe' | 'translate'): { call: DriverCall; format: string } {
  const format = typeof fields.response_format === 'string' ? fields.response_format : 'json'
  if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(format)) throw bad('response_format', `\`response_format\` must be one of ${TRANSCRIPT_FORMATS.join(', ')}.`)
  if (fields.stream === 'true' || fields.stream === true) throw bad('stream', 'Streamed transcriptions are not supported by Puter\'s driver.', 'unsupported_parameter')
  const args: Record<string, unknown> = { file: fileDataUrl, response_format: format }
  for (const key of ['model', 'language', 'prompt']) if (typeof fields[key] === 'string' && fields[key] !== '') args[key] = fields[key]
  if (fields.temperature !== undefined) {
    const t = Number(fields.temperature)
    if (!Number.isFinite(t) || t < 0 || t > 1) throw bad('temperature', '`temperature` must be a number from 0 to 1.')
    args.temperature = t
  }
  const granularities = fields.timestamp_granularities
  if (granularities !== undefined) args.timestamp_granularities = Array.isArray(granularities) ? granularities.map(String) : [String(granularities)]
  return { call: { interface: 'puter-speech2txt', driver: 'ai-speech2txt', method, args }, format }
}

/** Puter's transcription result in the requested format: a JSON object, or text (text, srt, vtt). */
export function toTranscript(result: unknown, format: string): { json?: unknown; text?: string } {
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    return { text: typeof result === 'string' ? result : String((result as { text?: unknown })?.text ?? '') }
  }
  if (typeof result === 'string') return { json: { text: result } }
  if (typeof result === 'object' && result !== null && typeof (result as { text?: unknown }).text === 'string') return { json: result }
  throw new ProxyError(502, 'api_error', 'upstream_bad_response', 'Puter\'s speech-to-text driver answered without a transcript.')
}
