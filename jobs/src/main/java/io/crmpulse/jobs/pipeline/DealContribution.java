package io.crmpulse.jobs.pipeline;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one deal adds to its owner's numbers at one moment, sent from the deal's detector to the
 * owner's aggregator; a removal takes back whatever the deal added before.
 */
public class DealContribution {
  public String dealId;
  public String ownerId;
  public boolean removal;
  public long eventTime;
  public boolean open;
  public String stage;
  public String currency;
  public double amount;
  public double probability;
  public String forecastCategory;
  public boolean neglected;
  public boolean stalled;
  public boolean busy;
  public boolean wonIn30d;
  public boolean wonIn90d;
  public boolean lostIn30d;
  public boolean lostIn90d;
  public String lostReason;
  /** Stage exits within the longest window. */
  public StageExit[] exits = new StageExit[0];

  public DealContribution() {}

  static DealContribution removal(String dealId, String ownerId, long eventTime) {
    DealContribution c = new DealContribution();
    c.dealId = dealId;
    c.ownerId = ownerId;
    c.removal = true;
    c.eventTime = eventTime;
    return c;
  }

  /** Counts in no series: the deal can leave its owner's state. */
  boolean countsNowhere() {
    return !open && !wonIn90d && !lostIn90d && exits.length == 0;
  }

  /** Same numbers, whatever the event time: publishing it again would change nothing. */
  boolean sameNumbers(DealContribution o) {
    return o != null && removal == o.removal && open == o.open && amount == o.amount
        && probability == o.probability && neglected == o.neglected && stalled == o.stalled
        && busy == o.busy
        && wonIn30d == o.wonIn30d && wonIn90d == o.wonIn90d && lostIn30d == o.lostIn30d
        && lostIn90d == o.lostIn90d && Objects.equals(ownerId, o.ownerId)
        && Objects.equals(stage, o.stage) && Objects.equals(currency, o.currency)
        && Objects.equals(forecastCategory, o.forecastCategory)
        && Objects.equals(lostReason, o.lostReason)
        && Arrays.deepEquals(keys(exits), keys(o.exits));
  }

  private static Object[] keys(StageExit[] exits) {
    return Arrays.stream(exits).map(e -> e.stage + "/" + e.outcome + "/" + e.at + "/" + e.days).toArray();
  }
}
