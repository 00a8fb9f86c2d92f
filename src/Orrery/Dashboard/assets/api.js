// The API seen from the browser: the operator's key (session storage only), JSON calls, and the live feed.

const keyItem = 'orrery.apiKey';
const base = '/api/v1';

export const apiKey = {
  get: () => sessionStorage.getItem(keyItem),
  set: (key) => sessionStorage.setItem(keyItem, key),
  clear: () => sessionStorage.removeItem(keyItem),
};

/** An API error with the problem+json details. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code;
  }
}

function headers(extra = {}) {
  const key = apiKey.get();
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

/**
 * Calls the API and returns the parsed JSON body (null when empty), or the body's text when asText (a .spex model);
 * throws ApiError otherwise.
 */
export async function api(path, { method = 'GET', body, asText = false } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(base + path, init);
  const text = await response.text();
  if (response.ok && asText) return text;
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** Every page of a paged list. */
export async function all(path, pageSize = 500) {
  const items = [];
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const listed = await api(`${path}${sep}page=${page}&pageSize=${pageSize}`);
    items.push(...listed.items);
    if (items.length >= listed.total || listed.items.length === 0) return items;
  }
}

/**
 * Follows GET /api/v1/events. EventSource cannot send the Authorization header, so the stream is read with
 * fetch and parsed here; on a drop it reconnects with Last-Event-ID and so misses nothing.
 * onEvent(type, data) gets every event ("ready" first on each connection); onState(text) the connection state.
 */
export function followFeed(onEvent, onState) {
  let lastId = null;
  const abort = new AbortController();

  async function connectOnce() {
    const extra = lastId ? { 'Last-Event-ID': lastId } : {};
    const response = await fetch(`${base}/events`, { headers: headers(extra), signal: abort.signal });
    if (!response.ok) throw new ApiError(response.status, null);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (event.id) lastId = event.id;
        if (event.data) onEvent(event.type, JSON.parse(event.data));
      }
    }
  }

  (async () => {
    while (!abort.signal.aborted) {
      try {
        onState('Live', true);
        await connectOnce();
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          onState('Live updates refused: check the API key', false);
          return;
        }
      }
      onState('Reconnecting…', false);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return () => abort.abort();
}

function parseEvent(block) {
  const event = { type: 'message', data: '', id: null };
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === 0) continue; // a comment
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.type = value;
    else if (field === 'data') event.data += (event.data ? '\n' : '') + value;
    else if (field === 'id') event.id = value;
  }
  return event;
}
