package io.crmpulse.jobs.pipeline;

import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;

/**
 * What every deal detector instance sees: a version of a rep record (for team thresholds and alert
 * teams) or a deal's stage exits (for median stall thresholds). One POJO, so both travel on one
 * broadcast stream.
 */
public class DealBroadcast {
  public static final int REP = 0;
  public static final int EXITS = 1;

  public int type;
  /** REP: the rep id, event time, event id and team (null for a deleted rep record). */
  public String repId;
  public long eventTime;
  public String eventId;
  public String team;
  /** EXITS: the deal's exits. */
  public DealExits exits;

  public DealBroadcast() {}

  public static DealBroadcast rep(CrmEvent rep) {
    DealBroadcast b = new DealBroadcast();
    b.type = REP;
    b.repId = rep.getRep().getId();
    b.eventTime = rep.getEventTime().toEpochMilli();
    b.eventId = rep.getEventId();
    b.team = rep.getChange() == ChangeType.DELETED ? null : rep.getRep().getTeam();
    return b;
  }

  public static DealBroadcast exits(DealExits exits) {
    DealBroadcast b = new DealBroadcast();
    b.type = EXITS;
    b.exits = exits;
    return b;
  }
}
