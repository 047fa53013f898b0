package io.crmpulse.exporter;

/** What {@link SeriesStore#apply} did with a record of the snapshot topic. */
public enum ApplyOutcome {
  /** The snapshot is now the one held for its key. */
  STORED,
  /** The snapshot's version is not above the one held, so the held one stays. */
  STALE,
  /** A tombstone removed the key. */
  REMOVED,
  /** A tombstone for a key that was not held. */
  ABSENT
}
