package io.crmpulse.contract;

import io.crmpulse.events.EntityType;
import java.util.List;

/** Kafka topic names: one input topic per entity, plus the job's outputs. */
public final class Topics {
  public static final String REPS = "crm.reps";
  public static final String LEADS = "crm.leads";
  public static final String OPPORTUNITIES = "crm.opportunities";
  public static final String ACTIVITIES = "crm.activities";
  public static final String LOGINS = "crm.logins";
  /** Not a CRM record: people silencing deal alerts (CONTRACT.md extension, entity snooze). */
  public static final String SNOOZES = "crm.snoozes";

  /** Compacted: the latest snapshot of every business series, keyed by {@link SeriesKey}. */
  public static final String METRICS = "crmpulse.metrics";

  /** Compacted: the latest transition of every deal alert episode, keyed by alert id. */
  public static final String ALERTS = "crmpulse.alerts";

  /** Rejected and late input records with the reason and the original bytes. */
  public static final String DEAD_LETTER = "crmpulse.deadletter";

  public static final List<String> INPUTS = List.of(REPS, LEADS, OPPORTUNITIES, ACTIVITIES, LOGINS, SNOOZES);

  private Topics() {}

  public static String forEntity(EntityType entity) {
    return switch (entity) {
      case REP -> REPS;
      case LEAD -> LEADS;
      case OPPORTUNITY -> OPPORTUNITIES;
      case ACTIVITY -> ACTIVITIES;
      case LOGIN -> LOGINS;
      case SNOOZE -> SNOOZES;
    };
  }
}
