package io.crmpulse.jobs.prospect;

import io.crmpulse.jobs.pipeline.DealVersion;
import io.crmpulse.jobs.pipeline.TouchVersion;

/**
 * One change that concerns a prospect, routed by prospect key ({@code lead/<id>} or
 * {@code opportunity/<id>}): a version of the lead or of the opportunity, or the versions of an
 * activity that names it in any version (a touch).
 */
public class ProspectInput {
  public static final int LEAD = 0;
  public static final int OPPORTUNITY = 1;
  public static final int TOUCH = 2;
  public static final String LEAD_PREFIX = "lead/";
  public static final String OPPORTUNITY_PREFIX = "opportunity/";

  public int type;
  public String key;
  public long eventTime;
  public LeadVersion lead;
  public DealVersion opportunity;
  public String activityId;
  /** TOUCH: every version of the activity known so far. */
  public TouchVersion[] touches;

  public ProspectInput() {}

  public static String leadKey(String leadId) {
    return LEAD_PREFIX + leadId;
  }

  public static String opportunityKey(String opportunityId) {
    return OPPORTUNITY_PREFIX + opportunityId;
  }

  public static ProspectInput lead(LeadVersion version) {
    ProspectInput in = new ProspectInput();
    in.type = LEAD;
    in.key = leadKey(version.leadId);
    in.eventTime = version.eventTime;
    in.lead = version;
    return in;
  }

  public static ProspectInput opportunity(DealVersion version) {
    ProspectInput in = new ProspectInput();
    in.type = OPPORTUNITY;
    in.key = opportunityKey(version.dealId);
    in.eventTime = version.eventTime;
    in.opportunity = version;
    return in;
  }

  public static ProspectInput touch(String key, String activityId, TouchVersion[] history,
      long eventTime) {
    ProspectInput in = new ProspectInput();
    in.type = TOUCH;
    in.key = key;
    in.eventTime = eventTime;
    in.activityId = activityId;
    in.touches = history;
    return in;
  }
}
