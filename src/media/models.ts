/**
 * Model lists for `GET /v1/models?type=image|tts|stt`. Image models come from
 * Puter's public image catalogue (§9); Puter publishes no catalogue for its
 * TTS and speech-to-text drivers, so those lists are the ids its OpenAI
 * providers accept, as read from its source (§11.2, §11.3).
 */
import type { CatalogueView } from '../puter/catalogue.ts'
import type { Model, ModelList } from '../openai/schema.ts'
import { toModel } from '../openai/models.ts'

export const MODEL_TYPES = ['chat', 'image', 'tts', 'stt'] as const
export type ModelType = (typeof MODEL_TYPES)[number]

/** The TTS ids of Puter's OpenAI provider (its default first). */
export const TTS_MODELS = ['gpt-4o-mini-tts', 'tts-1', 'tts-1-hd']
/** The speech-to-text ids of Puter's OpenAI provider (the transcription default first; `whisper-1` is the translation default). */
export const STT_MODELS = ['gpt-4o-mini-transcribe', 'gpt-4o-transcribe', 'gpt-4o-transcribe-diarize', 'whisper-1']

const byId = (a: Model, b: Model) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Puter's image catalogue as OpenAI model objects: text (and an image, for edits) in, an image out. */
export function toImageModelList(view: CatalogueView): ModelList {
  const data = view.models
    .map((entry) => ({ ...toModel(entry), input_modalities: ['text', 'image'], output_modalities: ['image'], supports_tools: false }))
    .sort(byId)
  return { object: 'list', data, source: view.source, as_of: view.asOf }
}

/** The documented TTS or speech-to-text ids as OpenAI model objects. */
export function toSpeechModelList(type: 'tts' | 'stt', asOf: string): ModelList {
  const ids = type === 'tts' ? TTS_MODELS : STT_MODELS
  const data = ids.map((id): Model => ({
    id, object: 'model', created: 0, owned_by: 'openai', aliases: [], context_length: null, max_output_tokens: null,
    input_modalities: type === 'tts' ? ['text'] : ['audio'], output_modalities: type === 'tts' ? ['audio'] : ['text'], supports_tools: false,
  }))
  return { object: 'list', data, source: 'documented', as_of: asOf }
}
