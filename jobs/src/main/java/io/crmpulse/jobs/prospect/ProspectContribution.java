package io.crmpulse.jobs.prospect;

import java.util.Arrays;
import java.util.Comparator;

/**
 * What one prospect adds to one rep's numbers, as a whole: it replaces what the prospect sent the
 * rep before. No facts: the prospect no longer adds anything to the rep.
 */
public class ProspectContribution {
  public String prospectKey;
  public String repId;
  public long eventTime;
  public ProspectFact[] facts = new ProspectFact[0];

  public ProspectContribution() {}

  static ProspectContribution of(String prospectKey, String repId, long eventTime,
      ProspectFact[] facts) {
    ProspectContribution c = new ProspectContribution();
    c.prospectKey = prospectKey;
    c.repId = repId;
    c.eventTime = eventTime;
    c.facts = facts;
    return c;
  }

  public boolean isEmpty() {
    return facts.length == 0;
  }

  /** The same facts, in any order: publishing it again would change nothing. */
  boolean sameFacts(ProspectContribution o) {
    return o != null && Arrays.equals(sorted(facts), sorted(o.facts));
  }

  private static ProspectFact[] sorted(ProspectFact[] facts) {
    ProspectFact[] copy = facts.clone();
    Arrays.sort(copy, Comparator.<ProspectFact>comparingInt(f -> f.kind)
        .thenComparing(f -> f.label == null ? "" : f.label)
        .thenComparingLong(f -> f.at).thenComparingLong(f -> f.value));
    return copy;
  }
}
