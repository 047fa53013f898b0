package io.crmpulse.jobs.prospect;

import java.util.Objects;

/**
 * One thing a prospect adds to one rep's numbers. A dated fact counts in the rep's today, week
 * and month containing {@link #at} (the aggregator knows the rep's zone); a window fact holds at
 * the tracker's now and is taken back by the tracker when it leaves its window.
 */
public class ProspectFact {
  /** Dated: a lead created at {@code at}, label its source. */
  public static final int LEAD = 0;
  public static final int PURSUED = 1;
  public static final int CONTACTED = 2;
  /** Dated: label the lead's disposition. */
  public static final int DISPOSITION = 3;
  /** Dated: value the speed to lead in milliseconds. */
  public static final int SPEED = 4;
  public static final int SLA_BREACHED = 5;
  /** Dated at the call's occurred_at: label the lead's status. */
  public static final int CALL_BY_STATUS = 6;
  /** Dated at the follow-up's occurred_at; label the activity, which may follow up two prospects. */
  public static final int FOLLOWUP = 7;
  /** Window (30 d): a lead given up. */
  public static final int GIVEN_UP = 8;
  /** Window (30 d): value the follow-ups before the response or advance. */
  public static final int BEFORE_RESPONSE = 9;

  public int kind;
  public String label;
  public long at;
  public long value;

  public ProspectFact() {}

  static ProspectFact dated(int kind, String label, long at, long value) {
    ProspectFact f = new ProspectFact();
    f.kind = kind;
    f.label = label;
    f.at = at;
    f.value = value;
    return f;
  }

  static ProspectFact window(int kind, long value) {
    return dated(kind, null, 0, value);
  }

  public boolean dated() {
    return kind < GIVEN_UP;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProspectFact f && kind == f.kind && at == f.at && value == f.value
        && Objects.equals(label, f.label);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, label, at, value);
  }
}
