// The HTTP client of the API: bearer token from the session, JSON in and
// out, every error as an ApiError carrying the RFC 9457 problem (code,
// detail, field errors as JSON pointers) so forms can show them in place.

export interface FieldError {
  pointer: string;
  detail: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(detail || code);
  }
  /** The detail for one field (`/email`), if the server named it. */
  field(pointer: string): string | undefined {
    return this.fieldErrors.find((e) => e.pointer === pointer)?.detail;
  }
}

const TOKEN_KEY = 'fairlabel.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
}

/** Turns any failed response into an ApiError (problem+json when present). */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: { code?: string; detail?: string; title?: string; errors?: FieldError[] } = {};
  try {
    body = await response.json();
  } catch {
    /* not JSON: keep the status */
  }
  return new ApiError(
    response.status,
    body.code ?? `http_${response.status}`,
    body.detail ?? body.title ?? response.statusText,
    Array.isArray(body.errors) ? body.errors : [],
  );
}

export class Api {
  /** Called when the server no longer accepts the session (expired, logged out elsewhere). */
  onUnauthorized: (() => void) | null = null;

  constructor(
    private token: string | null = storedToken(),
    private readonly base = '/api/v1',
  ) {}

  get authenticated(): boolean {
    return this.token !== null;
  }
  setToken(token: string | null): void {
    this.token = token;
    storeToken(token);
  }

  /** `keepalive`: the request outlives the page (a draft saved as the tab closes). */
  async request<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        keepalive,
      });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) {
      const error = await errorFrom(response);
      if (error.status === 401 && this.token && !path.startsWith('/auth/')) this.onUnauthorized?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  put<T>(path: string, body: unknown, keepalive = false): Promise<T> {
    return this.request<T>('PUT', path, body, keepalive);
  }

  /** Any GET answer as bytes (a CSV or HTML statement), with the bearer token. */
  async blob(path: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(this.base + path, { headers });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) throw await errorFrom(response);
    return response.blob();
  }

  /** A media file's bytes (media need the bearer token, which <img src> cannot send). */
  async mediaBlob(sha256: string): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.base}/media/${encodeURIComponent(sha256)}`, { headers });
    if (!response.ok) throw await errorFrom(response);
    return response.blob();
  }
}
