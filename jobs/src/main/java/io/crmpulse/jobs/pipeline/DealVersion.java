package io.crmpulse.jobs.pipeline;

import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import java.util.Locale;

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
      v.status = lower(opp.getStatus() == null ? OpportunityStatus.OPEN : opp.getStatus());
      v.amount = opp.getAmount() == null ? null : opp.getAmount().doubleValue();
      v.currency = opp.getCurrency();
      v.forecastCategory = opp.getForecastCategory() == null ? null : lower(opp.getForecastCategory());
      v.lostReason = opp.getLostReason();
      v.createdAt = opp.getCreatedAt() == null ? null : opp.getCreatedAt().toEpochMilli();
    }
    return v;
  }

  boolean isOpen() {
    return !deleted && "open".equals(status);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
