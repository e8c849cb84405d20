// The background's one message dispatcher: every runtime message passes validateMessage
// (allow-listed type, allowed sender, well-formed payload) before a handler sees it.
// Replies are always {ok: true, ...result} or {ok: false, error: {code, message}}.

import { MessageError, validateMessage } from '../lib/messages.js';

/**
 * @param {Record<string, (payload: object, sender: object) => Promise<object>>} handlers one per message type
 * @param {{extensionId: string, extensionOrigin: string}} ids
 * @param {(err: unknown) => void} [onError]
 */
export function createDispatcher(handlers, ids, onError = () => {}) {
  return function dispatch(message, sender, sendResponse) {
    let parsed;
    try {
      parsed = validateMessage(message, sender, ids);
    } catch (err) {
      sendResponse({ ok: false, error: { code: err.code ?? 'bad_message', message: err.message } });
      return false;
    }
    const handler = handlers[parsed.type];
    if (!handler) {
      sendResponse({ ok: false, error: { code: 'unknown_type', message: `no handler for ${parsed.type}` } });
      return false;
    }
    Promise.resolve()
      .then(() => handler(parsed.payload, sender))
      .then(
        (result) => sendResponse({ ok: true, ...(result ?? {}) }),
        (err) => {
          onError(err);
          const code = err instanceof MessageError || err?.code ? err.code : 'internal';
          sendResponse({ ok: false, error: { code, message: String(err?.message ?? err) } });
        },
      );
    return true; // the reply is sent asynchronously
  };
}
