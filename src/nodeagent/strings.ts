// Strings the node agent keeps for a pod's whole life (its key, log lines) are built from template
// pieces, which V8 holds as a tree of fragments (a "cons string", 32 bytes a node) until something
// reads the string by index. With 100,000 pods those trees add up, so long-lived strings are
// flattened once, when they are made.

/** `s`, flattened in place into one contiguous string (reading a character does that in V8). */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
