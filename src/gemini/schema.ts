/**
 * Google's Gemini API (generateContent) as TypeBox schemas: the requests the
 * routes validate (loose: every object allows unknown properties) and the
 * shapes they answer with, published as OpenAPI components prefixed `Gemini`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'

const Open = { additionalProperties: true } as const
type Name =
  | 'GeminiGenerateContentRequest' | 'GeminiContent' | 'GeminiPart' | 'GeminiTool' | 'GeminiGenerateContentResponse'
  | 'GeminiUsageMetadata' | 'GeminiCountTokensRequest' | 'GeminiCountTokensResponse' | 'GeminiModel' | 'GeminiModelList' | 'GeminiError'
const ref = <T extends TSchema>(name: Name, _schema: T) => Type.Unsafe<Static<T>>(Type.Ref(`#/components/schemas/${name}`))

export const Part = Type.Object({
  text: Type.Optional(Type.String()),
  thought: Type.Optional(Type.Boolean({ description: 'Reasoning: not forwarded when sent back.' })),
  inlineData: Type.Optional(Type.Object({ mimeType: Type.String(), data: Type.String({ description: 'Base64.' }) }, Open)),
  fileData: Type.Optional(Type.Object({ mimeType: Type.Optional(Type.String()), fileUri: Type.String() }, Open)),
  functionCall: Type.Optional(Type.Object({ name: Type.String(), args: Type.Optional(Type.Record(Type.String(), Type.Unknown())), id: Type.Optional(Type.String()) }, Open)),
  functionResponse: Type.Optional(Type.Object({ name: Type.String(), response: Type.Optional(Type.Unknown()), id: Type.Optional(Type.String()) }, Open)),
}, { ...Open, description: 'One part of a content: text, inline data, a file, a function call or its response.' })
export type Part = Static<typeof Part>

export const Content = Type.Object({
  role: Type.Optional(Type.String({ description: '`user` or `model` (`function` is read as `user`).' })),
  parts: Type.Array(ref('GeminiPart', Part)),
}, { ...Open, description: 'One turn.' })
export type Content = Static<typeof Content>

export const Tool = Type.Object({
  functionDeclarations: Type.Optional(Type.Array(Type.Object({
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Object({}, { ...Open, description: 'Google\'s OpenAPI-subset schema (types in capitals).' })),
    parametersJsonSchema: Type.Optional(Type.Unknown({ description: 'A JSON Schema, used as it is.' })),
  }, Open))),
}, { ...Open, description: 'Function declarations; Google-hosted tools (`googleSearch`, `codeExecution`, `urlContext`) are accepted and not forwarded.' })
export type Tool = Static<typeof Tool>

const systemInstruction = () => Type.Optional(Type.Union([Type.String(), Type.Object({ parts: Type.Array(ref('GeminiPart', Part)), role: Type.Optional(Type.String()) }, Open)]))

// One schema for the three methods of `models/{model}:{method}` (one route serves them): `contents` is
// required by generateContent and streamGenerateContent (the handler says so), countTokens may send
// `generateContentRequest` instead.
export const GenerateContentRequest = Type.Object({
  contents: Type.Optional(Type.Array(ref('GeminiContent', Content), { description: 'Required, except for countTokens with `generateContentRequest`.' })),
  generateContentRequest: Type.Optional(Type.Object({}, { ...Open, description: 'countTokens only: a whole generateContent request to count.' })),
  systemInstruction: systemInstruction(),
  tools: Type.Optional(Type.Array(ref('GeminiTool', Tool))),
  toolConfig: Type.Optional(Type.Object({
    functionCallingConfig: Type.Optional(Type.Object({ mode: Type.Optional(Type.String({ description: '`AUTO`, `ANY`, `NONE` or `VALIDATED`.' })), allowedFunctionNames: Type.Optional(Type.Array(Type.String())) }, Open)),
  }, Open)),
  generationConfig: Type.Optional(Type.Object({
    temperature: Type.Optional(Type.Number()),
    topP: Type.Optional(Type.Number()),
    topK: Type.Optional(Type.Number()),
    maxOutputTokens: Type.Optional(Type.Integer({ minimum: 1 })),
    stopSequences: Type.Optional(Type.Array(Type.String())),
    candidateCount: Type.Optional(Type.Integer({ description: 'Only 1: Puter returns one candidate.' })),
    responseMimeType: Type.Optional(Type.String()),
    responseSchema: Type.Optional(Type.Unknown()),
    responseJsonSchema: Type.Optional(Type.Unknown()),
    thinkingConfig: Type.Optional(Type.Object({ thinkingBudget: Type.Optional(Type.Integer()), includeThoughts: Type.Optional(Type.Boolean()), thinkingLevel: Type.Optional(Type.String()) }, Open)),
  }, Open)),
  safetySettings: Type.Optional(Type.Array(Type.Unknown(), { description: 'Accepted and ignored: Puter applies its own policy.' })),
}, {
  ...Open,
  description: 'Google\'s generateContent request.',
  examples: [{ contents: [{ role: 'user', parts: [{ text: 'Say hello in three languages.' }] }] }],
})
export type GenerateContentRequest = Static<typeof GenerateContentRequest>

export const UsageMetadata = Type.Object({
  promptTokenCount: Type.Integer(),
  candidatesTokenCount: Type.Integer(),
  thoughtsTokenCount: Type.Optional(Type.Integer()),
  cachedContentTokenCount: Type.Optional(Type.Integer()),
  totalTokenCount: Type.Integer(),
}, { description: 'Token counts, from whichever usage keys Puter\'s provider reported.' })
export type UsageMetadata = Static<typeof UsageMetadata>

export const GenerateContentResponse = Type.Object({
  candidates: Type.Array(Type.Object({
    content: Type.Object({ role: Type.Literal('model'), parts: Type.Array(ref('GeminiPart', Part)) }),
    finishReason: Type.Optional(Type.String({ description: '`STOP`, `MAX_TOKENS` or `SAFETY`; on the last chunk of a stream.' })),
    index: Type.Integer(),
  })),
  usageMetadata: Type.Optional(ref('GeminiUsageMetadata', UsageMetadata)),
  modelVersion: Type.String(),
  responseId: Type.String(),
}, { description: 'A generateContent answer, or one chunk of a streamed one.' })
export type GenerateContentResponse = Static<typeof GenerateContentResponse>

export const CountTokensRequest = Type.Object({
  contents: Type.Optional(Type.Array(ref('GeminiContent', Content))),
  generateContentRequest: Type.Optional(Type.Object({ contents: Type.Optional(Type.Array(ref('GeminiContent', Content))), systemInstruction: systemInstruction(), tools: Type.Optional(Type.Array(ref('GeminiTool', Tool))) }, Open)),
}, { ...Open, description: 'What a generateContent request would send, to count its tokens.', examples: [{ contents: [{ role: 'user', parts: [{ text: 'How many tokens is this?' }] }] }] })
export type CountTokensRequest = Static<typeof CountTokensRequest>

export const CountTokensResponse = Type.Object({ totalTokens: Type.Integer() }, { description: 'An estimate, computed locally (o200k).' })

export const Model = Type.Object({
  name: Type.String({ examples: ['models/gemini-2.5-flash'] }),
  baseModelId: Type.String(),
  version: Type.String(),
  displayName: Type.String(),
  description: Type.String(),
  inputTokenLimit: Type.Integer(),
  outputTokenLimit: Type.Integer(),
  supportedGenerationMethods: Type.Array(Type.String()),
  thinking: Type.Boolean(),
}, { description: 'A model, in Google\'s shape.' })
export type Model = Static<typeof Model>

export const ModelList = Type.Object({ models: Type.Array(ref('GeminiModel', Model)), nextPageToken: Type.Optional(Type.String()) }, { description: 'A page of models.' })
export type ModelList = Static<typeof ModelList>

export const ErrorSchema = Type.Object({
  error: Type.Object({ code: Type.Integer(), message: Type.String(), status: Type.String({ description: '`INVALID_ARGUMENT`, `UNAUTHENTICATED`, `PERMISSION_DENIED`, `NOT_FOUND`, `RESOURCE_EXHAUSTED`, `INTERNAL`, `UNAVAILABLE` or `DEADLINE_EXCEEDED`.' }) }),
}, { description: 'A Google-shaped error.' })

export const geminiComponents = {
  GeminiGenerateContentRequest: GenerateContentRequest, GeminiContent: Content, GeminiPart: Part, GeminiTool: Tool,
  GeminiGenerateContentResponse: GenerateContentResponse, GeminiUsageMetadata: UsageMetadata, GeminiCountTokensRequest: CountTokensRequest,
  GeminiCountTokensResponse: CountTokensResponse, GeminiModel: Model, GeminiModelList: ModelList, GeminiError: ErrorSchema,
} satisfies Record<Name, TSchema>
