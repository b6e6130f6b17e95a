/**
 * A small REST client for the chat server (`/api/*`, Bearer token). It returns
 * parsed JSON and turns `{ error: { code, message } }` bodies into `ApiError`.
 */
import type { ErrorBody, ErrorCode } from '../../protocol/wire.js';
import { AckError } from './ack.js';
import type { ShownError } from './types.js';

/** A failed REST call, with the server's error code when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ApiClient {
  constructor(
    private readonly server: string,
    private readonly token: () => Promise<string>,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  del(path: string): Promise<unknown> {
    return this.request('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(new URL(path, this.server), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError('network', error instanceof Error ? error.message : String(error), 0);
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (json as { error?: ErrorBody } | null)?.error;
      throw new ApiError(
        error?.code ?? 'internal',
        error?.message ?? `HTTP ${response.status}`,
        response.status,
      );
    }
    return json as T;
  }
}

/** The code a failed request (REST, ack or timeout) is shown by. */
export function codeOf(error: unknown): ShownError {
  if (error instanceof ApiError) return error.code;
  if (error instanceof AckError) return error.detail.code;
  return 'network';
}
