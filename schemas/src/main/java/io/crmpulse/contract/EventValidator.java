package io.crmpulse.contract;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Lead;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.Rep;
import io.crmpulse.events.Snooze;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contract checks that need no other event: the record matches the entity and has its id, a
 * created or updated record has the fields the metrics depend on, and no value is impossible.
 * Checks against the newest event (too far in the future) need the stream and live in the job.
 */
public final class EventValidator {
  /** Events and activities before this instant cannot come from a real CRM export. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private EventValidator() {}

  /** The reason the event is invalid, or empty when it is valid. */
  public static Optional<String> check(CrmEvent event) {
    if (event.getEventId().isBlank()) {
      return Optional.of("lacks event_id");
    }
    if (event.getEventTime().isBefore(EARLIEST)) {
      return Optional.of("event_time " + event.getEventTime() + " is before " + EARLIEST);
    }
    String entity = entityField(event);
    Object record = recordOf(event);
    if (record == null) {
      return Optional.of("lacks the " + entity + " record for entity " + entity);
    }
    List<String> problems = new ArrayList<>();
    boolean full = event.getChange() != ChangeType.DELETED;
    switch (event.getEntity()) {
      case REP -> checkRep((Rep) record, full, problems);
      case LEAD -> checkLead((Lead) record, full, problems);
      case OPPORTUNITY -> checkOpportunity((Opportunity) record, full, problems);
      case ACTIVITY -> checkActivity((Activity) record, full, problems);
      case LOGIN -> checkLogin((Login) record, full, problems);
      case SNOOZE -> checkSnooze((Snooze) record, full, problems);
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** The JSON field that holds the record, named like the entity. */
  public static String entityField(CrmEvent event) {
    return event.getEntity().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The record the event carries for its entity, or null when it carries none. */
  public static Object recordOf(CrmEvent event) {
    return switch (event.getEntity()) {
      case REP -> event.getRep();
      case LEAD -> event.getLead();
      case OPPORTUNITY -> event.getOpportunity();
      case ACTIVITY -> event.getActivity();
      case LOGIN -> event.getLogin();
      case SNOOZE -> event.getSnooze();
    };
  }

  /** The id of the record the event carries: the Kafka key of its input topic. */
  public static String recordId(CrmEvent event) {
    return switch (event.getEntity()) {
      case REP -> event.getRep().getId();
      case LEAD -> event.getLead().getId();
      case OPPORTUNITY -> event.getOpportunity().getId();
      case ACTIVITY -> event.getActivity().getId();
      case LOGIN -> event.getLogin().getId();
      case SNOOZE -> event.getSnooze().getId();
    };
  }

  private static void checkRep(Rep rep, boolean full, List<String> problems) {
    requireId(rep.getId(), "rep", problems);
    if (full && rep.getTimeZone() != null) {
      try {
        ZoneId.of(rep.getTimeZone());
      } catch (DateTimeException e) {
        problems.add("rep.time_zone '" + rep.getTimeZone() + "' is not an IANA time zone");
      }
    }
    if (full && rep.getDailyCallTarget() != null && rep.getDailyCallTarget() < 0) {
      problems.add("rep.daily_call_target must not be negative");
    }
  }

  private static void checkLead(Lead lead, boolean full, List<String> problems) {
    requireId(lead.getId(), "lead", problems);
    if (full) {
      require(lead.getOwnerId(), "lead.owner_id", problems);
      require(lead.getStatus(), "lead.status", problems);
      requirePlausible(lead.getCreatedAt(), "lead.created_at", problems);
    }
  }

  private static void checkOpportunity(Opportunity opp, boolean full, List<String> problems) {
    requireId(opp.getId(), "opportunity", problems);
    if (full) {
      require(opp.getOwnerId(), "opportunity.owner_id", problems);
      require(opp.getStage(), "opportunity.stage", problems);
      require(opp.getStatus(), "opportunity.status", problems);
      requirePlausible(opp.getCreatedAt(), "opportunity.created_at", problems);
      if (opp.getAmount() != null && opp.getAmount().signum() < 0) {
        problems.add("opportunity.amount must not be negative");
      }
    }
  }

  private static void checkActivity(Activity activity, boolean full, List<String> problems) {
    requireId(activity.getId(), "activity", problems);
    if (full) {
      require(activity.getRepId(), "activity.rep_id", problems);
      require(activity.getType(), "activity.type", problems);
      require(activity.getDirection(), "activity.direction", problems);
      require(activity.getOutcome(), "activity.outcome", problems);
      require(activity.getStatus(), "activity.status", problems);
      require(activity.getOccurredAt(), "activity.occurred_at", problems);
      requirePlausible(activity.getOccurredAt(), "activity.occurred_at", problems);
      if (activity.getDurationS() != null && activity.getDurationS() < 0) {
        problems.add("activity.duration_s must not be negative");
      }
    }
  }

  private static void checkLogin(Login login, boolean full, List<String> problems) {
    requireId(login.getId(), "login", problems);
    if (full) {
      require(login.getRepId(), "login.rep_id", problems);
      require(login.getOccurredAt(), "login.occurred_at", problems);
      requirePlausible(login.getOccurredAt(), "login.occurred_at", problems);
    }
  }

  private static void checkSnooze(Snooze snooze, boolean full, List<String> problems) {
    requireId(snooze.getId(), "snooze", problems);
    // Unlike CRM records, a deleted snooze still names its deal: that is where it is routed.
    require(snooze.getOpportunityId(), "snooze.opportunity_id", problems);
    if (full) {
      require(snooze.getUntil(), "snooze.until", problems);
    }
  }

  private static void requireId(String id, String entity, List<String> problems) {
    if (id == null || id.isBlank()) {
      problems.add("lacks " + entity + ".id");
    }
  }

  private static void require(Object value, String field, List<String> problems) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      problems.add("lacks " + field);
    }
  }

  private static void requirePlausible(Instant value, String field, List<String> problems) {
    if (value != null && value.isBefore(EARLIEST)) {
      problems.add(field + " " + value + " is before " + EARLIEST);
    }
  }
}
