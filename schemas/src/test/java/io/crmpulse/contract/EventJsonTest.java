package io.crmpulse.contract;

import static io.crmpulse.contract.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.events.ActivityType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Outcome;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  @Test
  void readsTheContractExampleWithOffsetsAndUnknownValues() throws Exception {
    CrmEvent event = EventJson.parse("""
        {"event_id":"e1","event_time":"2026-03-10T10:15:02+02:00","source":"salesforce",
         "entity":"activity","change":"created","extra":"ignored",
         "activity":{"id":"a1","rep_id":"r1","type":"sms","direction":"outbound",
                     "outcome":"connected","status":"completed",
                     "occurred_at":"2026-03-10T08:00:00Z","duration_s":95,"colour":"red"}}""");
    assertThat(event.getEventTime()).isEqualTo(T0.plusSeconds(15 * 60 + 2));
    assertThat(event.getEntity()).isEqualTo(EntityType.ACTIVITY);
    assertThat(event.getActivity().getType()).isEqualTo(ActivityType.OTHER);
    assertThat(event.getActivity().getDirection()).isEqualTo(Direction.OUTBOUND);
    assertThat(event.getActivity().getDurationS()).isEqualTo(95);
    assertThat(EventValidator.check(event)).isEmpty();
  }

  @Test
  void writesWhatItReads() throws Exception {
    CrmEvent call = TestEvents.call("a1", "r1", Outcome.NO_ANSWER, T0, T0.plusSeconds(60));
    String line = EventJson.write(call);
    assertThat(line).contains("\"outcome\":\"no_answer\"").contains("\"event_time\":\"2026-03-10T08:01:00Z\"");
    assertThat(EventJson.parse(line)).isEqualTo(call);
  }

  @Test
  void keepsDecimalAmountsExact() throws Exception {
    CrmEvent opp = EventJson.parse("""
        {"event_id":"e2","event_time":"2026-03-10T08:00:00Z","source":"demo","entity":"opportunity",
         "change":"created","opportunity":{"id":"o1","owner_id":"r1","stage":"proposal",
         "status":"open","amount":12500.10,"currency":"EUR","expected_close":"2026-04-30"}}""");
    assertThat(opp.getOpportunity().getAmount()).isEqualByComparingTo(new BigDecimal("12500.10"));
    assertThat(EventJson.write(opp)).contains("\"amount\":12500.1");
  }

  @Test
  void saysWhyALineIsRejected() {
    assertThatThrownBy(() -> EventJson.parse("{not json")).hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(() -> EventJson.parse("{\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"rep\"}"))
        .hasMessage("lacks event_id");
    assertThatThrownBy(() -> EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"yesterday\",\"entity\":\"rep\",\"change\":\"created\",\"rep\":{\"id\":\"r\"}}"))
        .hasMessageContaining("event_time is not an ISO-8601 instant");
    assertThatThrownBy(() -> EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"deal\",\"change\":\"created\"}"))
        .hasMessageContaining("entity must be one of rep, lead, opportunity, activity, login");
    assertThatThrownBy(() -> EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"rep\",\"change\":\"created\",\"rep\":{\"name\":\"x\"}}"))
        .hasMessage("lacks rep.id");
  }

  @Test
  void validatorRejectsImpossibleValues() throws Exception {
    CrmEvent old = EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"1999-12-31T23:00:00Z\",\"entity\":\"rep\",\"change\":\"created\",\"rep\":{\"id\":\"r\"}}");
    assertThat(EventValidator.check(old)).hasValueSatisfying(r -> assertThat(r).contains("before 2000"));
    CrmEvent badZone = EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"rep\",\"change\":\"created\",\"rep\":{\"id\":\"r\",\"time_zone\":\"Mars/Olympus\"}}");
    assertThat(EventValidator.check(badZone)).hasValue("rep.time_zone 'Mars/Olympus' is not an IANA time zone");
    CrmEvent noRecord = EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"login\",\"change\":\"created\"}");
    assertThat(EventValidator.check(noRecord)).hasValue("lacks the login record for entity login");
    CrmEvent delete = EventJson.parse(
        "{\"event_id\":\"e\",\"event_time\":\"2026-03-10T08:00:00Z\",\"entity\":\"activity\",\"change\":\"deleted\",\"activity\":{\"id\":\"a\"}}");
    assertThat(EventValidator.check(delete)).isEmpty();
  }
}
