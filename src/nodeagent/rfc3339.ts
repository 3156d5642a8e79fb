// Timestamps as the API shows them (RFC 3339, whole seconds: 2024-05-01T12:00:00Z). The node
// agents format one for every condition, container state and event they render, and nearly all of
// them fall in the current second, so the last conversion is remembered.

let lastSecond = NaN;
let lastText = '';

/** `ms` (epoch milliseconds) truncated to the second, formatted like metav1.Time. */
export function rfc3339Seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s !== lastSecond) {
    lastText = new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = s;
  }
  return lastText;
}
