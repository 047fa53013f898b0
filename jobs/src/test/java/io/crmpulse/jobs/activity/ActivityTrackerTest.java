package io.crmpulse.jobs.activity;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.call;
import static io.crmpulse.contract.TestEvents.deleteActivity;
import static io.crmpulse.contract.TestEvents.edited;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.TestEvents;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityTrackerTest {
  private KeyedOneInputStreamOperatorTestHarness<String, CrmEvent, ActivityContribution> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ActivityTracker(Duration.ofHours(1), Duration.ofDays(14)), ActivityTracker::keyOf, Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void aNewCallAddsToItsRep() throws Exception {
    process(call("a1", "r1", Outcome.CONNECTED, T0, T0.plusSeconds(5)));
    assertThat(described()).containsExactly(
        "add a1 to r1 at " + T0 + " kinds=" + (ActivityKinds.OUTBOUND_CALL
            | ActivityKinds.OUTBOUND_CALL_CONNECTED | ActivityKinds.CONVERSATION));
  }

  @Test
  void aDuplicateOrAnOlderVersionChangesNothing() throws Exception {
    CrmEvent original = call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5));
    CrmEvent edit = edited(original, T0.plusSeconds(60), a -> a.setOutcome(Outcome.CONNECTED));
    process(edit);
    process(edit);
    process(original);
    assertThat(described()).hasSize(1);
  }

  @Test
  void anEditThatMovesTheCallToAnotherRepTakesItFromTheFirst() throws Exception {
    CrmEvent original = call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5));
    process(original);
    process(edited(original, T0.plusSeconds(60), a -> a.setRepId("r2")));
    assertThat(described()).containsExactly(
        "add a1 to r1 at " + T0 + " kinds=1", "remove a1 from r1", "add a1 to r2 at " + T0 + " kinds=1");
  }

  @Test
  void aDeleteOrACancellationTakesTheCallBack() throws Exception {
    CrmEvent first = call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5));
    CrmEvent second = call("a2", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5));
    process(first);
    process(second);
    process(deleteActivity("a1", T0.plusSeconds(60)));
    process(edited(second, T0.plusSeconds(60), a -> a.setStatus(ActivityStatus.CANCELLED)));
    assertThat(described()).containsExactly("add a1 to r1 at " + T0 + " kinds=1",
        "add a2 to r1 at " + T0 + " kinds=1", "remove a1 from r1", "remove a2 from r1");
  }

  @Test
  void aDeleteThatArrivesBeforeTheCreateWins() throws Exception {
    CrmEvent created = call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5));
    process(deleteActivity("a1", T0.plusSeconds(60)));
    process(created);
    assertThat(described()).isEmpty();
  }

  @Test
  void stateIsClearedOnceNoHeldDayCanChange() throws Exception {
    process(call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(5)));
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    // Held as long as the rep's month and 30 d windows can still count it: 32 days and lateness.
    harness.processWatermark(T0.plus(Duration.ofDays(32)).toEpochMilli());
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    harness.processWatermark(T0.plus(Duration.ofDays(32).plusHours(1).plusSeconds(5)).toEpochMilli());
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aCompletedActivityOfAnyTypeCountsByItsTypeDirectionAndOutcome() throws Exception {
    process(TestEvents.activity(ChangeType.CREATED, "a1", "r1", ActivityType.EMAIL,
        Direction.OUTBOUND, Outcome.SENT, ActivityStatus.COMPLETED, T0, T0.plusSeconds(5)));
    process(TestEvents.activity(ChangeType.CREATED, "a2", "r1", ActivityType.EMAIL,
        Direction.OUTBOUND, Outcome.SENT, ActivityStatus.PLANNED, T0, T0.plusSeconds(5)));
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.activityId).isEqualTo("a1");
      assertThat(c.kinds).isZero();
      assertThat(List.of(c.type, c.direction, c.outcome)).containsExactly("email", "outbound", "sent");
    });
  }

  @Test
  void loginsAreVersionedLikeActivities() throws Exception {
    CrmEvent login = login("l1", "r1", T0, T0);
    process(login);
    process(login);
    process(deleted(EntityType.LOGIN, "l1", T0.plusSeconds(60)));
    assertThat(described()).containsExactly(
        "add login/l1 to r1 at " + T0 + " kinds=" + ActivityKinds.LOGIN, "remove login/l1 from r1");
  }

  @Test
  void anOpportunityCountsForItsOwnerAtItsCreationAndMovesWithTheOwner() throws Exception {
    Instant created = T0.minus(Duration.ofDays(3));
    process(opportunity("o1", "r1", created, T0));
    process(opportunity("o1", "r2", created, T0.plusSeconds(60)));
    process(opportunity("o1", " ", created, T0.plusSeconds(120)));
    process(deleted(EntityType.OPPORTUNITY, "o1", T0.plusSeconds(180)));
    int kinds = ActivityKinds.OPPORTUNITY;
    assertThat(described()).containsExactly("add opportunity/o1 to r1 at " + created + " kinds=" + kinds,
        "remove opportunity/o1 from r1", "add opportunity/o1 to r2 at " + created + " kinds=" + kinds,
        "remove opportunity/o1 from r2", "add opportunity/o1 to unassigned at " + created + " kinds=" + kinds,
        "remove opportunity/o1 from unassigned");
  }

  @Test
  void anOpportunityWithoutCreatedAtDatesFromItsEarliestVersionEvenOneThatArrivesLate()
      throws Exception {
    process(opportunity("o1", "r1", null, T0.plusSeconds(600)));
    process(opportunity("o1", "r1", null, T0));
    process(opportunity("o1", "r1", null, T0.plusSeconds(300)));
    int kinds = ActivityKinds.OPPORTUNITY;
    assertThat(described()).containsExactly(
        "add opportunity/o1 to r1 at " + T0.plusSeconds(600) + " kinds=" + kinds,
        "add opportunity/o1 to r1 at " + T0 + " kinds=" + kinds);
  }

  private static CrmEvent login(String id, String rep, Instant occurredAt, Instant at) {
    return CrmEvent.newBuilder().setEventId("login-" + id + "@" + at).setEventTime(at)
        .setSource("test").setEntity(EntityType.LOGIN).setChange(ChangeType.CREATED)
        .setLogin(Login.newBuilder().setId(id).setRepId(rep).setOccurredAt(occurredAt).build())
        .build();
  }

  private static CrmEvent opportunity(String id, String owner, Instant createdAt, Instant at) {
    return CrmEvent.newBuilder().setEventId("opp-" + id + "@" + at).setEventTime(at)
        .setSource("test").setEntity(EntityType.OPPORTUNITY).setChange(ChangeType.UPDATED)
        .setOpportunity(Opportunity.newBuilder().setId(id).setOwnerId(owner).setStage("proposal")
            .setStatus(OpportunityStatus.OPEN).setCreatedAt(createdAt).build())
        .build();
  }

  private static CrmEvent deleted(EntityType entity, String id, Instant at) {
    CrmEvent.Builder event = CrmEvent.newBuilder().setEventId("del-" + id + "@" + at)
        .setEventTime(at).setSource("test").setEntity(entity).setChange(ChangeType.DELETED);
    return entity == EntityType.LOGIN ? event.setLogin(Login.newBuilder().setId(id).build()).build()
        : event.setOpportunity(Opportunity.newBuilder().setId(id).build()).build();
  }

  private void process(CrmEvent event) throws Exception {
    harness.processElement(event, event.getEventTime().toEpochMilli());
  }

  private List<String> described() {
    return harness.extractOutputValues().stream()
        .map(c -> c.removal
            ? "remove " + c.activityId + " from " + c.repId
            : "add " + c.activityId + " to " + c.repId + " at " + Instant.ofEpochMilli(c.occurredAt)
                + " kinds=" + c.kinds)
        .toList();
  }
}
