package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventValidator;
import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Rep;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The live feed's history: the realistic days simulated before the warm-up hour, so that week,
 * month and 7- and 30-day series have something to show on the first screen. Checked on the
 * simulation the feed runs, in simulated time (no wall clock).
 */
class LiveHistoryTest {
  /** A Monday morning in Europe; the history begins on the Monday two weeks before. */
  private static final Instant LIVE = Instant.parse("2026-03-23T10:17:23Z");

  private static final LiveFeed.Settings SETTINGS = LiveFeed.Settings.defaults(7, 1.0);
  private static final Instant WARM_UP = LIVE.minus(SETTINGS.warmUp());
  private static final Instant BEGIN = WARM_UP.minus(SETTINGS.history());

  private static List<Delivery> withHistory;
  private static List<Delivery> withoutHistory;

  /** What the demo's feed sends up to ten minutes into the live part, with its history. */
  private static synchronized List<Delivery> feed() {
    if (withHistory == null) {
      withHistory = deliveries(SETTINGS, LIVE.plus(Duration.ofMinutes(10)));
    }
    return withHistory;
  }

  /** The same with {@code --history 0}. */
  private static synchronized List<Delivery> feedWithoutHistory() {
    if (withoutHistory == null) {
      withoutHistory =
          deliveries(SETTINGS.withHistory(Duration.ZERO), LIVE.plus(Duration.ofMinutes(10)));
    }
    return withoutHistory;
  }

  private static List<Delivery> deliveries(LiveFeed.Settings settings, Instant until) {
    Simulation simulation = new Simulation(settings.options(LIVE));
    List<Delivery> out = new ArrayList<>();
    for (Delivery d = simulation.nextDelivery(); d.at().isBefore(until); ) {
      out.add(d);
      d = simulation.nextDelivery();
    }
    return out;
  }

  private static List<CrmEvent> events(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::event).toList();
  }

  private static boolean completedOutboundCall(CrmEvent event) {
    return event.getChange() == ChangeType.CREATED && Fixtures.isCompletedOutboundCall(event);
  }

  private static Map<String, ZoneId> zones(List<CrmEvent> events) {
    Map<String, ZoneId> zones = new HashMap<>();
    for (CrmEvent event : events) {
      if (event.getRep() != null) {
        zones.put(event.getRep().getId(), ZoneId.of(event.getRep().getTimeZone()));
      }
    }
    return zones;
  }

  private static long count(
      List<CrmEvent> events, Instant from, Instant to, Predicate<CrmEvent> p) {
    return events.stream()
        .filter(e -> !e.getEventTime().isBefore(from) && e.getEventTime().isBefore(to))
        .filter(p)
        .count();
  }

  @Test
  void theDemoSendsTwoWeeksOfHistoryBeforeTheWarmUp() {
    assertThat(SETTINGS.history()).isEqualTo(Duration.ofDays(14));
    assertThat(SETTINGS.options(LIVE).start()).isEqualTo(WARM_UP);
    assertThat(SETTINGS.options(LIVE).history()).isEqualTo(Duration.ofDays(14));
    List<CrmEvent> events = events(feed());
    // Every day of the history has activity, from its first hour on.
    for (int day = 0; day < 14; day++) {
      Instant from = BEGIN.plus(Duration.ofDays(day));
      assertThat(count(events, from, from.plus(Duration.ofDays(1)), e -> true))
          .as("events on day %d of the history", day)
          .isGreaterThan(100);
    }
    assertThat(count(events, BEGIN, BEGIN.plus(Duration.ofHours(1)), e -> true)).isPositive();
    // No gap at either join: the floor follows the sun, and the warm-up starts where it ends.
    List<Instant> times =
        events.stream()
            .map(CrmEvent::getEventTime)
            .filter(t -> !t.isBefore(BEGIN))
            .sorted()
            .toList();
    Duration longestGap = Duration.ZERO;
    for (int i = 1; i < times.size(); i++) {
      Duration gap = Duration.between(times.get(i - 1), times.get(i));
      longestGap = gap.compareTo(longestGap) > 0 ? gap : longestGap;
    }
    assertThat(longestGap).isLessThan(Duration.ofHours(3));
    assertThat(times.get(times.size() - 1)).isAfter(LIVE);
    System.out.printf("LiveHistoryTest: events sent at once, seed 7: %d backlog, %d history (14 d),"
            + " %d warm-up (1 h)%n",
        count(events, Instant.EPOCH, BEGIN, e -> true), count(events, BEGIN, WARM_UP, e -> true),
        count(events, WARM_UP, LIVE, e -> true));
  }

  @Test
  void theBacklogStillComesFirstAndIsTheSameSize() {
    List<Delivery> feed = feed();
    Duration disorder = SETTINGS.options(LIVE).maxDisorder();
    for (Delivery delivery : feed) {
      if (delivery.event().getEventTime().isBefore(BEGIN)) {
        assertThat(delivery.at()).isBefore(BEGIN.plus(disorder));
      }
    }
    Predicate<CrmEvent> dealCreated =
        e -> e.getEntity() == EntityType.OPPORTUNITY && e.getChange() == ChangeType.CREATED;
    List<CrmEvent> events = ordered(events(feed));
    long backlogDeals = count(events, Instant.EPOCH, BEGIN, dealCreated);
    long backlogDealsBefore =
        count(ordered(events(feedWithoutHistory())), Instant.EPOCH, WARM_UP, dealCreated);
    assertThat(backlogDeals)
        .isEqualTo(backlogDealsBefore)
        .isGreaterThan(SimulationOptions.DEFAULT_BACKLOG_DEALS);
    assertThat(count(events, Instant.EPOCH, BEGIN, e -> e.getEntity() == EntityType.REP))
        .isEqualTo(SimulationOptions.DEFAULT_REPS);
  }

  @Test
  void theHistoryIsARealisticFortnightWithQuietWeekends() {
    List<CrmEvent> history = events(feed());
    // A file from the same instant, realistic by default, over the same whole days.
    List<CrmEvent> file = new ArrayList<>();
    Simulation simulation = new Simulation(SimulationOptions.defaults(7, BEGIN));
    for (CrmEvent e = simulation.next(); e.getEventTime().isBefore(WARM_UP); ) {
      file.add(e);
      e = simulation.next();
    }
    Map<String, ZoneId> zones = zones(history);
    long[] live = callsByLocalDay(history, zones);
    long[] realistic = callsByLocalDay(file, zones);
    // Weekdays: the same pace as a file (12 reps, 40 to 80 calls a day each).
    assertThat((double) live[0] / realistic[0]).isBetween(0.85, 1.15);
    assertThat(live[0] / 10.0).isBetween(500.0, 1_000.0);
    // Weekends: a tenth of a weekday, as in a file (a live demo's weekend is a working day).
    assertThat((double) live[1] / 4).isLessThan(0.2 * live[0] / 10);
    assertThat((double) realistic[1] / 4).isLessThan(0.2 * realistic[0] / 10);

    // The warm-up hour is at the demo's rate: far busier than the same hour a week before.
    Instant weekBefore = WARM_UP.minus(Duration.ofDays(7));
    long warmUpCalls = count(history, WARM_UP, LIVE, LiveHistoryTest::completedOutboundCall);
    long sameHourAWeekBefore =
        count(
            history,
            weekBefore,
            weekBefore.plus(SETTINGS.warmUp()),
            LiveHistoryTest::completedOutboundCall);
    assertThat(sameHourAWeekBefore).isPositive();
    assertThat(warmUpCalls).isGreaterThan(5 * sameHourAWeekBefore);
  }

  /**
   * Completed outbound calls on the reps' local weekdays and weekend days that lie wholly inside
   * the history's second to thirteenth day: {weekdays, weekend days} (ten and four days).
   */
  private static long[] callsByLocalDay(List<CrmEvent> events, Map<String, ZoneId> zones) {
    LocalDate first = LocalDate.of(2026, 3, 10);
    LocalDate last = LocalDate.of(2026, 3, 23); // exclusive: the history's last day is cut
    long[] counts = new long[2];
    for (CrmEvent event : events) {
      if (!completedOutboundCall(event)) {
        continue;
      }
      Activity call = event.getActivity();
      LocalDate day = call.getOccurredAt().atZone(zones.get(call.getRepId())).toLocalDate();
      if (!day.isBefore(first) && day.isBefore(last)) {
        counts[WorkingHours.isWeekend(day.getDayOfWeek()) ? 1 : 0]++;
      }
    }
    return counts;
  }

  /** Leads whose first touch is outbound and the only one for a week: "given up after one". */
  @Test
  void someLeadsWereTouchedOnceOverAWeekAgoAndNeverAgain() {
    Map<String, Activity> activities = new HashMap<>();
    for (CrmEvent event : ordered(events(feed()))) {
      if (event.getEntity() != EntityType.ACTIVITY || event.getEventTime().isAfter(LIVE)) {
        continue;
      }
      if (event.getChange() == ChangeType.DELETED) {
        activities.remove(event.getActivity().getId());
      } else {
        activities.put(event.getActivity().getId(), event.getActivity());
      }
    }
    Map<String, List<Activity>> touches = new HashMap<>();
    for (Activity a : activities.values()) {
      if (a.getLeadId() != null
          && a.getStatus() == ActivityStatus.COMPLETED
          && !a.getOccurredAt().isAfter(LIVE)) {
        touches.computeIfAbsent(a.getLeadId(), k -> new ArrayList<>()).add(a);
      }
    }
    Set<String> givenUp = new HashSet<>();
    for (Map.Entry<String, List<Activity>> lead : touches.entrySet()) {
      List<Activity> sorted =
          lead.getValue().stream()
              .sorted(Comparator.comparing(Activity::getOccurredAt).thenComparing(Activity::getId))
              .toList();
      Activity first = sorted.get(0);
      Instant giveUpAt = first.getOccurredAt().plus(Duration.ofDays(7));
      boolean onlyTouchForAWeek =
          sorted.stream().skip(1).noneMatch(a -> !a.getOccurredAt().isAfter(giveUpAt));
      if (first.getDirection() == Direction.OUTBOUND
          && !first.getOccurredAt().isBefore(BEGIN)
          && !giveUpAt.isAfter(LIVE)
          && onlyTouchForAWeek) {
        givenUp.add(lead.getKey());
      }
    }
    assertThat(givenUp).hasSizeGreaterThan(50);
  }

  @Test
  void idsStayUniqueAndTimesInOrderAcrossTheJoins() {
    List<Delivery> feed = feed();
    Duration disorder = SETTINGS.options(LIVE).maxDisorder();
    Map<String, CrmEvent> byId = new HashMap<>();
    Set<String> created = new HashSet<>();
    Instant latestEventTime = Instant.EPOCH;
    Instant previousDelivery = Instant.EPOCH;
    for (Delivery delivery : feed) {
      CrmEvent event = delivery.event();
      assertThat(EventValidator.check(event)).as(event.getEventId()).isEmpty();
      // A second delivery of an event is a copy of it, never another event under its id.
      CrmEvent earlier = byId.putIfAbsent(event.getEventId(), event);
      if (earlier != null) {
        assertThat(event).isEqualTo(earlier);
      } else if (event.getChange() == ChangeType.CREATED) {
        assertThat(created.add(event.getEntity() + "/" + EventValidator.recordId(event)))
            .as("one creation of %s", EventValidator.recordId(event))
            .isTrue();
      }
      // Delivered in order, at or after its event time (so never ahead of a wall clock at
      // speed 1), and never after one more than the allowed disorder later.
      assertThat(delivery.at()).isAfterOrEqualTo(previousDelivery);
      assertThat(event.getEventTime()).isBeforeOrEqualTo(delivery.at());
      assertThat(event.getEventTime()).isAfterOrEqualTo(latestEventTime.minus(disorder));
      latestEventTime =
          event.getEventTime().isAfter(latestEventTime) ? event.getEventTime() : latestEventTime;
      previousDelivery = delivery.at();
    }
    assertThat(byId.size()).isGreaterThan(20_000);
  }

  /**
   * The reps are hired with realistic call targets; when the demo's rate begins (the warm-up),
   * each rep's record gets the target at that rate, so that against-target means today's pace.
   */
  @Test
  void callTargetsFollowTheRateAtTheJoin() {
    List<CrmEvent> reps =
        ordered(events(feed())).stream().filter(e -> e.getEntity() == EntityType.REP).toList();
    List<CrmEvent> hired = reps.stream().filter(e -> e.getChange() == ChangeType.CREATED).toList();
    List<CrmEvent> retargeted =
        reps.stream().filter(e -> e.getChange() == ChangeType.UPDATED).toList();
    assertThat(hired).hasSize(12).allMatch(e -> e.getEventTime().isBefore(BEGIN));
    assertThat(hired)
        .extracting(e -> e.getRep().getDailyCallTarget())
        .allMatch(target -> target >= 40 && target <= 80);
    assertThat(retargeted).hasSize(12).allMatch(e -> e.getEventTime().equals(WARM_UP));
    Map<String, Integer> target = new HashMap<>();
    hired.forEach(e -> target.put(e.getRep().getId(), e.getRep().getDailyCallTarget()));
    for (CrmEvent e : retargeted) {
      Rep rep = e.getRep();
      assertThat(rep.getDailyCallTarget())
          .isEqualTo((int) Math.round(target.get(rep.getId()) * SETTINGS.rate()));
    }
  }

  /** Open deals as of an instant: when each entered its stage and last had a completed activity. */
  private record Deals(Map<String, Instant> stageEntered, Map<String, Instant> lastActivity) {
    static Deals asOf(List<CrmEvent> events, Instant now) {
      Map<String, Opportunity> deals = new HashMap<>();
      Map<String, Instant> stageEntered = new HashMap<>();
      Map<String, Activity> activities = new HashMap<>();
      for (CrmEvent event : ordered(events)) {
        if (event.getEventTime().isAfter(now)) {
          continue;
        }
        Opportunity deal = event.getOpportunity();
        if (deal != null) {
          Opportunity before = deals.put(deal.getId(), deal);
          if (before == null || !before.getStage().equals(deal.getStage())) {
            stageEntered.put(deal.getId(), event.getEventTime());
          }
        } else if (event.getEntity() == EntityType.ACTIVITY) {
          if (event.getChange() == ChangeType.DELETED) {
            activities.remove(event.getActivity().getId());
          } else {
            activities.put(event.getActivity().getId(), event.getActivity());
          }
        }
      }
      Map<String, Instant> lastActivity = new HashMap<>();
      deals.values().stream()
          .filter(d -> d.getStatus() == OpportunityStatus.OPEN)
          .forEach(d -> lastActivity.put(d.getId(), d.getCreatedAt()));
      for (Activity a : activities.values()) {
        if (lastActivity.containsKey(a.getOpportunityId())
            && a.getStatus() == ActivityStatus.COMPLETED
            && !a.getOccurredAt().isAfter(now)) {
          lastActivity.merge(a.getOpportunityId(), a.getOccurredAt(), LiveHistoryTest::later);
        }
      }
      stageEntered.keySet().retainAll(lastActivity.keySet());
      return new Deals(stageEntered, lastActivity);
    }

    long untouchedBetween(Instant from, Instant to) {
      return lastActivity.values().stream()
          .filter(t -> !t.isBefore(from) && t.isBefore(to))
          .count();
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * As without a history: deals neglected (over 14 days untouched) and stalled (over 30 days in
   * the stage) at once, and the backlog's deals staged to cross the 14-day line minutes after the
   * simulation's start ({@link SimulationOptions#start()}, the warm-up's start) still do.
   */
  @Test
  void theWallHasQuietDealsAtOnceAndOneGoingQuietMinutesIn() {
    Duration neglect = Duration.ofDays(14);
    for (List<Delivery> feed : List.of(feed(), feedWithoutHistory())) {
      Deals live = Deals.asOf(events(feed), LIVE);
      assertThat(live.untouchedBetween(Instant.EPOCH, LIVE.minus(neglect)))
          .as("neglected deals")
          .isGreaterThanOrEqualTo(8);
      assertThat(live.stageEntered().values())
          .filteredOn(entered -> entered.isBefore(LIVE.minus(Duration.ofDays(30))))
          .as("stalled deals")
          .hasSizeGreaterThanOrEqualTo(8);
      Deals warmUp = Deals.asOf(events(feed), WARM_UP);
      Instant line = WARM_UP.minus(neglect);
      assertThat(warmUp.untouchedBetween(line, line.plus(Duration.ofMinutes(10))))
          .as("deals crossing the 14-day line in the first ten minutes")
          .isPositive();
    }
  }

  @Test
  void historyZeroIsTheFeedWithoutOne() {
    LiveFeed.Settings none = SETTINGS.withHistory(Duration.ZERO);
    SimulationOptions options = none.options(LIVE);
    assertThat(options.history()).isZero();
    assertThat(options).isEqualTo(SETTINGS.options(LIVE).withHistory(Duration.ZERO));
    assertThat(options.tempoAt(BEGIN)).isEqualTo(options.tempo());
    List<CrmEvent> events = ordered(events(feedWithoutHistory()));
    // The reps are hired at the demo's targets and keep them; the day before the warm-up holds
    // only the backlog's few touches, and the warm-up starts right after it.
    assertThat(events)
        .filteredOn(e -> e.getEntity() == EntityType.REP)
        .hasSize(12)
        .allMatch(e -> e.getChange() == ChangeType.CREATED)
        .allMatch(e -> e.getRep().getDailyCallTarget() >= 600);
    Instant dayBefore = WARM_UP.minus(Duration.ofDays(1));
    assertThat(count(events, dayBefore, WARM_UP, LiveHistoryTest::completedOutboundCall))
        .isLessThan(40);
    assertThat(count(events(feed()), dayBefore, WARM_UP, LiveHistoryTest::completedOutboundCall))
        .isGreaterThan(200);
    assertThat(count(events, WARM_UP, WARM_UP.plus(Duration.ofMinutes(5)), e -> true)).isPositive();
  }

  /** The stream as the contract reads it: by event time, each event once. */
  private static List<CrmEvent> ordered(List<CrmEvent> events) {
    Map<String, CrmEvent> once = new HashMap<>();
    events.forEach(e -> once.putIfAbsent(e.getEventId(), e));
    return once.values().stream()
        .sorted(Comparator.comparing(CrmEvent::getEventTime).thenComparing(CrmEvent::getEventId))
        .toList();
  }
}
