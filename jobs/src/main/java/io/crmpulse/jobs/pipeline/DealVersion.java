package io.crmpulse.jobs.pipeline;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.jobs.activity.RecordVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One version of an opportunity, reduced to what deal health needs. */
public class DealVersion {
  public String dealId;
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String ownerId;
  public String stage;
  /** open, won, lost (or other, for a status the project does not know). */
  public String status;
  public Double amount;
  public String currency;
  public String forecastCategory;
  public String lostReason;
  public Long createdAt;

  public DealVersion() {}

  public static DealVersion of(CrmEvent event) {
    Opportunity opp = event.getOpportunity();
    DealVersion v = new DealVersion();
    v.dealId = opp.getId();
    v.eventTime = event.getEventTime().toEpochMilli();
    v.eventId = event.getEventId();
    v.deleted = event.getChange() == ChangeType.DELETED;
    if (!v.deleted) {
      v.ownerId = opp.getOwnerId();
      v.stage = opp.getStage();
      v.status = Metric.symbol(opp.getStatus() == null ? OpportunityStatus.OPEN : opp.getStatus());
      v.amount = opp.getAmount() == null ? null : opp.getAmount().doubleValue();
      v.currency = opp.getCurrency();
      v.forecastCategory = Metric.symbol(opp.getForecastCategory());
      v.lostReason = opp.getLostReason();
      v.createdAt = opp.getCreatedAt() == null ? null : opp.getCreatedAt().toEpochMilli();
    }
    return v;
  }

  /**
   * Adds {@code version} to the held versions of its deal, kept in version order; returns the new
   * list, or null when the same version is already held (a duplicate delivery).
   */
  static List<DealVersion> added(Iterable<DealVersion> held, DealVersion version) {
    List<DealVersion> all = new ArrayList<>();
    for (DealVersion v : held) {
      if (RecordVersion.compare(v.eventTime, v.eventId, version.eventTime, version.eventId) == 0) {
        return null;
      }
      all.add(v);
    }
    all.add(version);
    all.sort(Comparator.<DealVersion>comparingLong(v -> v.eventTime).thenComparing(v -> v.eventId));
    return all;
  }

  public boolean isOpen() {
    return !deleted && "open".equals(status);
  }

}
