/**
 * Stored responses (the Responses API's `store`), behind one small interface
 * so a shared store can stand in for the embedded one. Every record belongs to
 * an owner, the hash of the credential that created it: a lookup by another
 * owner finds nothing, exactly as if the id did not exist.
 */
import type { InputItem, ResponseObject } from '../responses/schema.ts'

export interface StoredResponse {
  id: string
  createdAt: number
  response: ResponseObject
  /** The request's own input items, each with an id (for `GET …/input_items`). */
  input: InputItem[]
  /** The conversation this response answered: earlier responses' items and this input (for `previous_response_id`). */
  context: InputItem[]
}

export interface ResponseStore {
  /** The record, if it exists, has not expired and belongs to `owner`. */
  get(id: string, owner: string): Promise<StoredResponse | undefined>
  put(record: StoredResponse, owner: string): Promise<void>
  /** Whether a record of `owner`'s was deleted. */
  delete(id: string, owner: string): Promise<boolean>
  /** An input or output item of one of `owner`'s stored responses, by its id (what `item_reference` names). */
  findItem(itemId: string, owner: string): Promise<InputItem | undefined>
}

/** The item `itemId` among a stored response's input and output. */
export function itemOf(record: StoredResponse, itemId: string): InputItem | undefined {
  return [...record.input, ...(record.response.output as InputItem[])].find((item) => item.id === itemId)
}

/** Raised when the store cannot be reached: answered as a 503 naming the cause. */
export class StoreUnavailableError extends Error {
  constructor(cause: string) {
    super(`The response store is unavailable: ${cause}`)
    this.name = 'StoreUnavailableError'
  }
}
