// The one seam to the browser's extension APIs: Firefox's promise-based `browser`, or
// Chrome's `chrome` (promise-based in Manifest V3). Tests replace it with a fake.

export const ext = globalThis.browser ?? globalThis.chrome;
