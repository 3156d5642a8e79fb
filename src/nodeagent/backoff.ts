// Kubelet's back-off (client-go flowcontrol.Backoff as kubelet uses it) for container restarts and
// image pulls: the first failure retries at once and arms `initial`; each retry inside the window
// doubles it up to `max`; an entry whose last update is older than 2 × max is forgotten, so a
// container that ran fine for ten minutes starts over at 10s.

export interface BackoffEntry {
  backoff: number;
  lastUpdate: number;
}

export interface BackoffLimits {
  initial: number;
  max: number;
}

function expired(entry: BackoffEntry, eventTime: number, limits: BackoffLimits): boolean {
  return eventTime - entry.lastUpdate > 2 * limits.max;
}

/** True while `now` is within the entry's window counted from `eventTime` (e.g. the container's finishedAt). */
export function isInBackOffSince(entry: BackoffEntry | undefined, eventTime: number, now: number, limits: BackoffLimits): boolean {
  if (!entry || expired(entry, eventTime, limits)) return false;
  return now - eventTime < entry.backoff;
}

/** True while `now` is within the window counted from the entry's last update (image pulls). */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, now: number, limits: BackoffLimits): boolean {
  if (!entry || expired(entry, now, limits)) return false;
  return now - entry.lastUpdate < entry.backoff;
}

/** The entry after one more failure at `eventTime`, observed at `now`. */
export function nextBackoff(entry: BackoffEntry | undefined, eventTime: number, now: number, limits: BackoffLimits): BackoffEntry {
  if (!entry || expired(entry, eventTime, limits)) return { backoff: limits.initial, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, limits.max), lastUpdate: now };
}
