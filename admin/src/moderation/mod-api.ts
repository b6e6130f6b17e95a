import type { ErrorBody } from '../../../protocol/wire.js';
import type { Paged } from '../../../protocol/admin.js';

/**
 * `/api/mod` over fetch with the console's token. A refused call throws an
 * Error carrying the server's message, which the views show as is.
 */
export class ModApi {
  constructor(private readonly token: string) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** One page of a list; `cursor` from the previous page's `nextCursor`. */
  page<T>(
    path: string,
    cursor: string | null,
    params: Record<string, string> = {},
  ): Promise<Paged<T>> {
    const query = new URLSearchParams(params);
    if (cursor) query.set('cursor', cursor);
    const qs = query.toString();
    return this.get<Paged<T>>(`${path}${qs ? `?${qs}` : ''}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`/api/mod${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
    if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
    return json as T;
  }
}

/** A path segment: room ids carry `$` and `:`. */
export const seg = (value: string) => encodeURIComponent(value);
