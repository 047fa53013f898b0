package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.EntityType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;

/** Every simulated event honours the event contract (CONTRACT.md section 1). */
class SimulationContractTest {
  private final List<CrmEvent> events = Fixtures.twoWeeks();

  @Test
  void everyEventIsValid() {
    for (CrmEvent event : events) {
      assertThat(EventValidator.check(event)).as("%s", EventJson.write(event)).isEmpty();
    }
  }

  @Test
  void everyEventRoundTripsThroughJson() throws InvalidEventException {
    for (CrmEvent event : events) {
      String line = EventJson.write(event);
      CrmEvent parsed = EventJson.parse(line);
      assertThat(parsed).as(line).isEqualTo(event);
      assertThat(EventJson.write(parsed)).isEqualTo(line);
    }
  }

  @Test
  void everyEventRoundTripsThroughAvro() throws IOException {
    BinaryMessageDecoder<CrmEvent> decoder = AvroWire.decoder(CrmEvent.getClassSchema());
    for (CrmEvent event : events) {
      assertThat(decoder.decode(AvroWire.encode(event))).isEqualTo(event);
    }
  }

  @Test
  void repsComeFirst() {
    int reps = SimulationOptions.DEFAULT_REPS;
    assertThat(events.subList(0, reps)).allMatch(e -> e.getEntity() == EntityType.REP);
    assertThat(events.subList(0, reps).stream().map(e -> e.getRep().getId()).distinct())
        .hasSize(reps);
    assertThat(
            events.subList(reps, events.size()).stream()
                .filter(e -> e.getEntity() == EntityType.REP)
                .map(CrmEvent::getEventId))
        .as("later rep events can only be redeliveries")
        .allMatch(id -> events.subList(0, reps).stream().anyMatch(e -> e.getEventId().equals(id)));
  }

  @Test
  void anEventIdIsOneChange() {
    Map<String, CrmEvent> byId = new HashMap<>();
    for (CrmEvent event : events) {
      CrmEvent earlier = byId.putIfAbsent(event.getEventId(), event);
      if (earlier != null) {
        assertThat(event).as("a redelivery is the same change").isEqualTo(earlier);
      }
    }
  }

  @Test
  void recordIdsFollowTheirPatterns() {
    for (CrmEvent event : events) {
      String id = EventValidator.recordId(event);
      String pattern =
          switch (event.getEntity()) {
            case REP -> "rep-\\d{2}";
            case LEAD -> "lead-\\d{6}";
            case OPPORTUNITY -> "opp-\\d{6}";
            case ACTIVITY -> "act-\\d{7}";
            case LOGIN -> "login-\\d{7}";
            case SNOOZE -> "snooze-\\d{6}";
          };
      assertThat(id).matches(pattern);
    }
  }

  @Test
  void laterVersionsOfARecordHaveLaterEventTimes() {
    Map<String, Instant> latest = new HashMap<>();
    Map<String, String> eventOfLatest = new HashMap<>();
    for (CrmEvent event :
        events.stream().sorted(java.util.Comparator.comparing(CrmEvent::getEventTime)).toList()) {
      String key = event.getEntity() + "/" + EventValidator.recordId(event);
      Instant previous = latest.get(key);
      if (previous != null && !event.getEventId().equals(eventOfLatest.get(key))) {
        assertThat(event.getEventTime()).as(key).isAfter(previous);
      }
      latest.put(key, event.getEventTime());
      eventOfLatest.put(key, event.getEventId());
    }
  }

  @Test
  void deletedEventsCarryOnlyWhatIdentifiesThem() {
    List<CrmEvent> deleted =
        events.stream().filter(e -> e.getChange() == ChangeType.DELETED).toList();
    assertThat(deleted).isNotEmpty();
    for (CrmEvent event : deleted) {
      switch (event.getEntity()) {
        case ACTIVITY -> {
          assertThat(event.getActivity().getRepId()).isNull();
          assertThat(event.getActivity().getOccurredAt()).isNull();
        }
        case SNOOZE -> {
          // A deleted snooze still names its deal, where the job keeps it.
          assertThat(event.getSnooze().getOpportunityId()).isNotNull();
          assertThat(event.getSnooze().getUntil()).isNull();
          assertThat(event.getSnooze().getReason()).isNull();
        }
        default -> throw new AssertionError("the simulator deletes no " + event.getEntity());
      }
    }
  }

  @Test
  void activitiesAreLoggedAfterTheyHappenAndWithinADay() {
    for (CrmEvent event : events) {
      if (event.getActivity() == null
          || event.getChange() == ChangeType.DELETED
          || event.getActivity().getStatus() != io.crmpulse.events.ActivityStatus.COMPLETED) {
        continue;
      }
      Duration lag = Duration.between(event.getActivity().getOccurredAt(), event.getEventTime());
      assertThat(lag)
          .as(EventJson.write(event))
          .isGreaterThanOrEqualTo(Duration.ZERO)
          .isLessThan(Duration.ofHours(20));
    }
  }

}
