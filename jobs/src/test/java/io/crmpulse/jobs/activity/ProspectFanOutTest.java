package io.crmpulse.jobs.activity;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.call;
import static io.crmpulse.contract.TestEvents.deleteActivity;
import static io.crmpulse.contract.TestEvents.edited;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Outcome;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ActivityTracker's fan-out to leads and opportunities as prospects, next to that to deals. */
class ProspectFanOutTest {
  private KeyedOneInputStreamOperatorTestHarness<String, CrmEvent, ActivityContribution> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ActivityTracker(Duration.ofHours(1), Duration.ofDays(40)), e -> e.getActivity().getId(),
        Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void anActivityMovedFromOneLeadToAnotherReachesBothWithEveryVersion() throws Exception {
    CrmEvent first = call("a1", "r1", Outcome.NO_ANSWER, T0, T0);
    first.getActivity().setLeadId("l1");
    process(first);
    CrmEvent moved = edited(first, T0.plusSeconds(60), a -> a.setLeadId("l2"));
    process(moved);
    process(deleteActivity("a1", T0.plusSeconds(120)));
    assertThat(prospects()).containsExactly(
        "lead/l1 a1 x1",
        "lead/l1 a1 x2", "lead/l2 a1 x2",
        "lead/l1 a1 x3", "lead/l2 a1 x3");
    assertThat(deals()).isEmpty();
  }

  @Test
  void anActivityNamingADealAndALeadReachesTheDealAndBothProspects() throws Exception {
    CrmEvent both = call("a1", "r1", Outcome.CONNECTED, T0, T0);
    both.getActivity().setLeadId("l1");
    both.getActivity().setOpportunityId("d1");
    process(both);
    assertThat(prospects()).containsExactly("opportunity/d1 a1 x1", "lead/l1 a1 x1");
    assertThat(deals()).containsExactly("d1 a1 x1");
  }

  @Test
  void anActivityNamingNoRecordSendsNothingAndKeepsNoHistory() throws Exception {
    process(call("a1", "r1", Outcome.CONNECTED, T0, T0));
    assertThat(prospects()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
  }

  private void process(CrmEvent event) throws Exception {
    harness.processElement(event, event.getEventTime().toEpochMilli());
  }

  private List<String> prospects() {
    var out = harness.getSideOutput(ActivityTracker.PROSPECT_TOUCHES);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue)
        .map(in -> in.key + " " + in.activityId + " x" + in.touches.length).toList();
  }

  private List<String> deals() {
    var out = harness.getSideOutput(ActivityTracker.TOUCHES);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue)
        .map(in -> in.dealId + " " + in.activityId + " x" + in.touches.length).toList();
  }
}
