package io.crmpulse.jobs.prospect;

import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Lead;
import java.util.Locale;

/** One version of a lead, reduced to what the lead series need. */
public class LeadVersion {
  public String leadId;
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String ownerId;
  /** Free text as the CRM sent it; {@link ProspectSettings#sourceLabel} bounds it. */
  public String source;
  /** Lower-case Avro symbols, or null. */
  public String status;
  public String disposition;
  public Long createdAt;

  public LeadVersion() {}

  public static LeadVersion of(CrmEvent event) {
    Lead lead = event.getLead();
    LeadVersion v = new LeadVersion();
    v.leadId = lead.getId();
    v.eventTime = event.getEventTime().toEpochMilli();
    v.eventId = event.getEventId();
    v.deleted = event.getChange() == ChangeType.DELETED;
    if (!v.deleted) {
      v.ownerId = lead.getOwnerId();
      v.source = lead.getSource();
      v.status = lead.getStatus() == null ? null : lead.getStatus().name().toLowerCase(Locale.ROOT);
      v.disposition = lead.getDisposition() == null
          ? null : lead.getDisposition().name().toLowerCase(Locale.ROOT);
      v.createdAt = lead.getCreatedAt() == null ? null : lead.getCreatedAt().toEpochMilli();
    }
    return v;
  }

  /** Still being worked: not deleted, and not qualified or disqualified. */
  boolean isOpen() {
    return !deleted && !"qualified".equals(status) && !"disqualified".equals(status);
  }
}
