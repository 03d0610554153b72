/** OpenAPI details of the media routes: multipart bodies documented as such, audio as binary. */
import { errorResponses, schemaRef } from '../docs.ts'

const causes: Record<number, string> = {
  400: 'A missing or invalid field (the `param` names it), or what Puter\'s driver cannot do.',
  401: 'No API key, or Puter rejected it.',
  402: 'No Puter credit left.',
  404: 'Unknown model.',
  413: 'The upload is larger than MAX_UPLOAD_SIZE.',
  429: 'Puter\'s rate or concurrency limit; see `Retry-After`.',
  502: 'Puter or its provider failed, or answered in another format than asked.',
  503: 'Puter could not be reached.',
}
const errors = (...statuses: number[]) => errorResponses('Error', causes, ...statuses)
const file = { type: 'string' as const, format: 'binary' }
const transcriptionForm = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: { ...file, description: 'The audio: mp3, mp4, mpeg, mpga, m4a, wav or webm.' },
    model: { type: 'string' as const, description: '`gpt-4o-mini-transcribe` (default), `gpt-4o-transcribe`, `whisper-1`.' },
    language: { type: 'string' as const }, prompt: { type: 'string' as const },
    response_format: { type: 'string' as const, enum: ['json', 'text', 'srt', 'verbose_json', 'vtt'] },
    temperature: { type: 'number' as const },
    'timestamp_granularities[]': { type: 'array' as const, items: { type: 'string' as const, enum: ['word', 'segment'] } },
  },
}
const transcriptionAnswer = {
  200: {
    description: 'The transcript: JSON for `json` and `verbose_json`, text for `text`, `srt` and `vtt`.',
    content: { 'application/json': { schema: schemaRef('Transcription') }, 'text/plain': { schema: { type: 'string' as const } } },
  },
  ...errors(400, 401, 402, 413, 429, 502, 503),
}

export const imageGenerationDoc = {
  operationId: 'createImage', summary: 'Create an image', tags: ['Media'],
  description: 'An image from a prompt, by Puter\'s image driver (`puter-image-generation`). `n` must be 1; `size` is sent as a ratio; `response_format` `b64_json` (Puter\'s data URL decoded, or its URL fetched and encoded) or `url`.',
  responses: { 200: { description: 'The image.', content: { 'application/json': { schema: schemaRef('ImagesResponse') } } }, ...errors(400, 401, 402, 404, 429, 502, 503) },
}

export const imageEditDoc = {
  operationId: 'createImageEdit', summary: 'Edit an image', tags: ['Media'],
  description: 'An image from an input image and a prompt (multipart), for Puter providers that take an input image; a `mask` is not supported (a 400 says so).',
  requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' as const, required: ['image', 'prompt'], properties: { image: file, prompt: { type: 'string' as const }, model: { type: 'string' as const }, size: { type: 'string' as const }, response_format: { type: 'string' as const } } } } } },
  responses: { 200: { description: 'The image.', content: { 'application/json': { schema: schemaRef('ImagesResponse') } } }, ...errors(400, 401, 402, 404, 413, 429, 502, 503) },
}

export const speechDoc = {
  operationId: 'createSpeech', summary: 'Create speech', tags: ['Media'],
  description: 'Audio of the input text, by Puter\'s TTS driver with its OpenAI provider, streamed to the client as it arrives, with the `Content-Type` of the requested `response_format`. A format Puter cannot give, or a `speed` other than 1, is a 400.',
  responses: {
    200: { description: 'The audio.', content: Object.fromEntries(['audio/mpeg', 'audio/opus', 'audio/aac', 'audio/flac', 'audio/wav', 'audio/pcm'].map((t) => [t, { schema: file }])) },
    ...errors(400, 401, 402, 429, 502, 503),
  },
}

export const transcriptionDoc = {
  operationId: 'createTranscription', summary: 'Transcribe audio', tags: ['Media'],
  description: 'Text from an uploaded audio file (multipart, at most MAX_UPLOAD_SIZE), by Puter\'s speech-to-text driver.',
  requestBody: { required: true, content: { 'multipart/form-data': { schema: transcriptionForm } } },
  responses: transcriptionAnswer,
}

export const translationDoc = {
  operationId: 'createTranslation', summary: 'Translate audio into English', tags: ['Media'],
  description: 'English text from an uploaded audio file in another language (multipart), by Puter\'s speech-to-text driver (`translate`, `whisper-1` by default).',
  requestBody: { required: true, content: { 'multipart/form-data': { schema: transcriptionForm } } },
  responses: transcriptionAnswer,
}
