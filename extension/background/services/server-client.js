// Every request the extension makes goes through here: one place that sets timeouts,
// sends no cookies, turns transport failures and JSON errors into ServerError, and counts
// requests so the options page can show what was sent.

export class ServerError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export class ServerClient {
  /**
   * @param {{baseUrl: string, fetch?: typeof fetch, timeoutMs?: number, onRequest?: (path: string) => void}} options
   */
  constructor({ baseUrl, fetch: fetchImpl = globalThis.fetch.bind(globalThis), timeoutMs = 8000, onRequest = () => {} }) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetch = fetchImpl;
    this.timeoutMs = timeoutMs;
    this.onRequest = onRequest;
  }

  async request(path, { method = 'GET', headers = {}, body, allowNotModified = false } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    this.onRequest(`${method} ${path.split('?')[0]}`);
    let response;
    try {
      response = await this.fetch(this.baseUrl + path, {
        method,
        headers: { Accept: 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-cache',
        redirect: 'error',
        signal: controller.signal,
      });
    } catch (err) {
      throw new ServerError('unreachable', `Masthead server unreachable: ${err?.name === 'AbortError' ? 'timed out' : err?.message ?? err}`);
    } finally {
      clearTimeout(timer);
    }
    if (allowNotModified && response.status === 304) return { status: 304, headers: response.headers, data: null };
    let data = null;
    try {
      data = await response.json();
    } catch {
      throw new ServerError('bad_response', `Masthead server sent no JSON (HTTP ${response.status})`, response.status);
    }
    if (!response.ok) {
      const e = data?.error ?? {};
      throw new ServerError(e.code || `http_${response.status}`, e.message || `HTTP ${response.status}`, response.status);
    }
    return { status: response.status, headers: response.headers, data };
  }

  getIndex(etag) {
    return this.request('/api/v1/index', {
      headers: etag ? { 'If-None-Match': etag } : {},
      allowNotModified: true,
    });
  }

  async getOutlet(slug) {
    return (await this.request(`/api/v1/outlets/${encodeURIComponent(slug)}`)).data;
  }

  async getReportsByHashPrefix(prefix) {
    if (!/^[0-9a-f]{1,8}$/.test(prefix)) throw new ServerError('bad_prefix', 'a bucket is 1-8 hex digits');
    return (await this.request(`/api/v1/reports/hash/${prefix}`)).data;
  }

  async lookup(url) {
    return (await this.request(`/api/v1/lookup?url=${encodeURIComponent(url)}`)).data;
  }

  async postSuggestion(suggestion) {
    return (await this.request('/api/v1/suggestions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: suggestion,
    })).data;
  }
}
