/** OpenAI's image and audio endpoints as TypeBox schemas, published as OpenAPI components; JSON bodies are validated against them. */
import { Type, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
type Name = 'ImageGenerationRequest' | 'ImagesResponse' | 'SpeechRequest' | 'Transcription'

export const ImageGenerationRequest = Type.Object({
  prompt: Type.String({ minLength: 1 }),
  model: Type.Optional(Type.String({ description: 'A Puter image model, e.g. `gpt-image-1-mini` (the default), `dall-e-3`, `gemini-2.5-flash-image-preview`.' })),
  n: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Only 1: Puter makes one image per request.' })),
  size: Type.Optional(Type.String({ description: '`WIDTHxHEIGHT` (sent as a ratio; a size the model cannot make becomes its nearest allowed one) or `auto`.' })),
  quality: Type.Optional(Type.String()),
  style: Type.Optional(Type.String()),
  background: Type.Optional(Type.String()),
  output_format: Type.Optional(Type.String()),
  response_format: Type.Optional(Type.String({ description: '`b64_json` (the default) or `url`.' })),
  user: Type.Optional(Type.String()),
}, { ...Open, description: 'An image generation request.', examples: [{ prompt: 'A lighthouse at dawn, watercolour', size: '1024x1024' }] })

export const ImagesResponse = Type.Object({
  created: Type.Integer(),
  data: Type.Array(Type.Object({ b64_json: Type.Optional(Type.String()), url: Type.Optional(Type.String()), revised_prompt: Type.Optional(Type.String()) })),
}, { description: 'The generated image: base64, or a URL (Puter\'s, or a `data:` URL when Puter gave the image inline).' })

export const SpeechRequest = Type.Object({
  input: Type.String({ minLength: 1, maxLength: 4096 }),
  voice: Type.String({ description: '`alloy`, `ash`, `ballad`, `coral`, `echo`, `fable`, `nova`, `onyx`, `sage` or `shimmer`.' }),
  model: Type.Optional(Type.String({ description: '`gpt-4o-mini-tts` (default), `tts-1` or `tts-1-hd`.' })),
  response_format: Type.Optional(Type.String({ description: '`mp3` (default), `opus`, `aac`, `flac`, `wav` or `pcm`.' })),
  speed: Type.Optional(Type.Number({ description: 'Only 1: Puter\'s speech driver has no speed control.' })),
  instructions: Type.Optional(Type.String()),
}, { ...Open, description: 'A text-to-speech request.', examples: [{ model: 'gpt-4o-mini-tts', input: 'Hello from Puter.', voice: 'alloy' }] })

export const Transcription = Type.Object({ text: Type.String() }, { ...Open, description: 'A transcription (`json`); `verbose_json` adds segments, words and duration as Puter\'s provider gives them.' })

export const mediaComponents = { ImageGenerationRequest, ImagesResponse, SpeechRequest, Transcription } satisfies Record<Name, TSchema>
