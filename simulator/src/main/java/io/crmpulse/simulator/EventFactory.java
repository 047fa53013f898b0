package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Lead;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.Rep;
import io.crmpulse.events.Snooze;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Wraps records into events and hands out ids. Event ids count changes ({@code sim-<seed>-<n>});
 * record ids count records of a kind and never change. Every version of a record gets an event time
 * strictly after the previous one, because the greatest event time decides which is current.
 */
final class EventFactory {
  private final String eventIdPrefix;
  private final String source;
  private final Map<String, Instant> lastVersion = new HashMap<>();
  private long events;
  private long leads;
  private long opportunities;
  private long activities;
  private long logins;
  private long accounts;
  private long snoozes;

  EventFactory(long seed, String source) {
    this.eventIdPrefix = "sim-" + seed + "-";
    this.source = source;
  }

  String nextLeadId() {
    return String.format("lead-%06d", ++leads);
  }

  String nextOpportunityId() {
    return String.format("opp-%06d", ++opportunities);
  }

  String nextActivityId() {
    return String.format("act-%07d", ++activities);
  }

  String nextSnoozeId() {
    return String.format("snooze-%06d", ++snoozes);
  }

  String nextAccountId() {
    return String.format("acct-%05d", ++accounts);
  }

  CrmEvent rep(Instant at, Rep rep) {
    return rep(at, ChangeType.CREATED, rep);
  }

  CrmEvent rep(Instant at, ChangeType change, Rep rep) {
    return envelope(at, rep.getId(), EntityType.REP, change).setRep(rep).build();
  }

  CrmEvent lead(Instant at, ChangeType change, Lead lead) {
    return envelope(at, lead.getId(), EntityType.LEAD, change).setLead(lead).build();
  }

  CrmEvent opportunity(Instant at, ChangeType change, Opportunity opportunity) {
    return envelope(at, opportunity.getId(), EntityType.OPPORTUNITY, change)
        .setOpportunity(opportunity)
        .build();
  }

  CrmEvent activity(Instant at, ChangeType change, Activity activity) {
    return envelope(at, activity.getId(), EntityType.ACTIVITY, change)
        .setActivity(activity)
        .build();
  }

  /** A deleted activity: the contract needs only the id. */
  CrmEvent activityDeleted(Instant at, String id) {
    return activity(at, ChangeType.DELETED, Activity.newBuilder().setId(id).build());
  }

  CrmEvent snooze(Instant at, ChangeType change, Snooze snooze) {
    return envelope(at, snooze.getId(), EntityType.SNOOZE, change).setSnooze(snooze).build();
  }

  /**
   * A deleted snooze (ended early): the id and, unlike a deleted CRM record, the deal, since the
   * job keeps snoozes with their deal and routes the deletion there.
   */
  CrmEvent snoozeDeleted(Instant at, String id, String opportunityId) {
    Snooze deleted = Snooze.newBuilder().setId(id).setOpportunityId(opportunityId).build();
    CrmEvent event = snooze(at, ChangeType.DELETED, deleted);
    // Nothing follows a deletion; remembering it would only grow the map.
    lastVersion.remove(id);
    return event;
  }

  CrmEvent login(Instant at, String repId) {
    String id = String.format("login-%07d", ++logins);
    Login login = Login.newBuilder().setId(id).setRepId(repId).setOccurredAt(at).build();
    CrmEvent event = envelope(at, id, EntityType.LOGIN, ChangeType.CREATED).setLogin(login).build();
    // A login never gets a second version; remembering it would only grow the map.
    lastVersion.remove(id);
    return event;
  }

  /** The event time a new version of the record will get if asked for at {@code at}. */
  Instant versionTime(String recordId, Instant at) {
    Instant previous = lastVersion.get(recordId);
    return previous != null && !at.isAfter(previous) ? previous.plusSeconds(1) : at;
  }

  private CrmEvent.Builder envelope(
      Instant at, String recordId, EntityType entity, ChangeType change) {
    Instant time = versionTime(recordId, at);
    lastVersion.put(recordId, time);
    return CrmEvent.newBuilder()
        .setEventId(eventIdPrefix + (++events))
        .setEventTime(time)
        .setSource(source)
        .setEntity(entity)
        .setChange(change);
  }
}
